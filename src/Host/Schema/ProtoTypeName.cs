using System.Reflection;
using ProtoBuf;

namespace ProdStock.Host.Schema;

/// <summary>The name a contract type (message or enum) has in the .proto: its <see cref="ProtoContractAttribute.Name"/>, else its CLR name.</summary>
internal static class ProtoTypeName
{
    public static string Of(Type type) =>
        type.GetCustomAttribute<ProtoContractAttribute>()?.Name is { Length: > 0 } name ? name : type.Name;
}
