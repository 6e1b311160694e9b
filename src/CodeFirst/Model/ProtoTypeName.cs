using System.Reflection;
using ProtoBuf;

namespace CodeFirst.Model;

/// <summary>The name a contract type (message or enum) has in the .proto: its <see cref="ProtoContractAttribute.Name"/>, else its CLR name.</summary>
public static class ProtoTypeName
{
    /// <summary>The .proto name of <paramref name="type"/>.</summary>
    /// <param name="type">A contract message or enum type.</param>
    /// <returns>The name the type is declared with in the .proto.</returns>
    public static string Of(Type type) =>
        type.GetCustomAttribute<ProtoContractAttribute>()?.Name is { Length: > 0 } name ? name : type.Name;
}
