using System.Collections.Concurrent;
using System.Reflection;
using ProdStock.Host.Schema;
using ProtoBuf;
using ProtoBuf.Meta;

namespace ProdStock.Host.Gateway.Metadata;

/// <summary>
/// The fields of a protobuf-net contract type, read from the same <see cref="RuntimeTypeModel"/> the gRPC marshallers
/// use, so the gateway's JSON and binding agree with the wire format by construction.
/// </summary>
internal sealed class ProtoMessageDescriptor
{
    private static readonly ConcurrentDictionary<Type, ProtoMessageDescriptor> Cache = new();
    private readonly Dictionary<string, ProtoFieldDescriptor> _byName;

    private ProtoMessageDescriptor(Type type)
    {
        ClrType = type;
        Name = ProtoTypeName.Of(type);
        var meta = RuntimeTypeModel.Default[type];
        Fields = meta.GetFields().OrderBy(f => f.FieldNumber).Select(member => Describe(Name, member)).ToArray();
        _byName = new Dictionary<string, ProtoFieldDescriptor>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            _byName[field.ProtoName] = field;
            _byName.TryAdd(field.JsonName, field);
        }
    }

    public Type ClrType { get; }

    /// <summary>The message name in the .proto.</summary>
    public string Name { get; }

    public IReadOnlyList<ProtoFieldDescriptor> Fields { get; }

    public static ProtoMessageDescriptor For(Type type) => Cache.GetOrAdd(type, static t => new ProtoMessageDescriptor(t));

    /// <summary>Finds a field by its proto name or its JSON (lowerCamelCase) name.</summary>
    public ProtoFieldDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    public object CreateInstance() => Activator.CreateInstance(ClrType)!;

    private static ProtoFieldDescriptor Describe(string messageName, ValueMember member)
    {
        var property = member.Member as PropertyInfo
            ?? throw new NotSupportedException($"{member.ParentType.Name}.{member.Member.Name}: the gateway binds properties only.");
        var repeated = member.ItemType is not null && member.MemberType != typeof(string) && member.MemberType != typeof(byte[]);
        var valueType = repeated ? member.ItemType! : Nullable.GetUnderlyingType(member.MemberType) ?? member.MemberType;
        var name = string.IsNullOrEmpty(member.Name) ? property.Name : member.Name;
        return new ProtoFieldDescriptor(messageName, member.FieldNumber, name, KindOf(valueType, member), valueType, repeated, property);
    }

    private static ProtoFieldKind KindOf(Type type, ValueMember member) => type switch
    {
        _ when type.IsEnum => ProtoFieldKind.Enum,
        _ when type == typeof(int) || type == typeof(short) || type == typeof(sbyte) => ProtoFieldKind.Int32,
        _ when type == typeof(long) => ProtoFieldKind.Int64,
        _ when type == typeof(uint) || type == typeof(ushort) || type == typeof(byte) => ProtoFieldKind.UInt32,
        _ when type == typeof(ulong) => ProtoFieldKind.UInt64,
        _ when type == typeof(float) => ProtoFieldKind.Float,
        _ when type == typeof(double) => ProtoFieldKind.Double,
        _ when type == typeof(bool) => ProtoFieldKind.Bool,
        _ when type == typeof(string) => ProtoFieldKind.String,
        _ when type == typeof(byte[]) => ProtoFieldKind.Bytes,
        _ when type == typeof(DateTime) => ProtoFieldKind.Timestamp,
        _ when type == typeof(TimeSpan) => ProtoFieldKind.Duration,
        _ when RuntimeTypeModel.Default.CanSerializeContractType(type) => ProtoFieldKind.Message,
        _ => throw new NotSupportedException($"{member.ParentType.Name}.{member.Name}: {type} has no proto3 JSON mapping in the gateway."),
    };
}
