using System.Collections.Concurrent;
using System.Reflection;
using ProtoBuf;
using ProtoBuf.Meta;

namespace CodeFirst.Model;

/// <summary>
/// The fields of a protobuf-net contract type, read once from the same <see cref="RuntimeTypeModel"/> the gRPC
/// marshallers use: the validator, the schema export, the JSON mapping and the OpenAPI document read this model, so
/// they agree with the wire format and with each other by construction.
/// </summary>
public sealed class MessageModel
{
    private static readonly ConcurrentDictionary<Type, MessageModel> Cache = new();
    private readonly Dictionary<string, FieldModel> _byName;

    private MessageModel(Type type)
    {
        ClrType = type;
        Name = ProtoTypeName.Of(type);
        var meta = RuntimeTypeModel.Default[type];
        Fields = meta.GetFields().OrderBy(f => f.FieldNumber).Select(member => Describe(Name, member)).ToArray();
        FieldArray = (FieldModel[])Fields;
        _byName = new Dictionary<string, FieldModel>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            _byName[field.ProtoName] = field;
            _byName.TryAdd(field.JsonName, field);
        }
    }

    /// <summary>The .NET type of the message.</summary>
    public Type ClrType { get; }

    /// <summary>The message name in the .proto.</summary>
    public string Name { get; }

    /// <summary>The fields, by number.</summary>
    public IReadOnlyList<FieldModel> Fields { get; }

    // The same fields as an array, for the validator's loop on every request (no interface call per field).
    internal FieldModel[] FieldArray { get; }

    /// <summary>The model of a contract type, built at first use and kept.</summary>
    public static MessageModel For(Type type) => Cache.GetOrAdd(type, static t => new MessageModel(t));

    /// <summary>Finds a field by its proto name or its JSON (lowerCamelCase) name.</summary>
    public FieldModel? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A new, empty message.</summary>
    public object CreateInstance() => Activator.CreateInstance(ClrType)!;

    private static FieldModel Describe(string messageName, ValueMember member)
    {
        var property = member.Member as PropertyInfo
            ?? throw new NotSupportedException($"{member.ParentType.Name}.{member.Member.Name}: contract fields must be properties.");
        var repeated = member.ItemType is not null && member.MemberType != typeof(string) && member.MemberType != typeof(byte[]);
        var valueType = repeated ? member.ItemType! : Nullable.GetUnderlyingType(member.MemberType) ?? member.MemberType;
        var name = string.IsNullOrEmpty(member.Name) ? property.Name : member.Name;
        return new FieldModel(messageName, member.FieldNumber, name, KindOf(valueType, member), valueType, repeated, property);
    }

    private static FieldKind KindOf(Type type, ValueMember member) => type switch
    {
        _ when type.IsEnum => FieldKind.Enum,
        _ when type == typeof(int) || type == typeof(short) || type == typeof(sbyte) => FieldKind.Int32,
        _ when type == typeof(long) => FieldKind.Int64,
        _ when type == typeof(uint) || type == typeof(ushort) || type == typeof(byte) => FieldKind.UInt32,
        _ when type == typeof(ulong) => FieldKind.UInt64,
        _ when type == typeof(float) => FieldKind.Float,
        _ when type == typeof(double) => FieldKind.Double,
        _ when type == typeof(bool) => FieldKind.Bool,
        _ when type == typeof(string) => FieldKind.String,
        _ when type == typeof(byte[]) => FieldKind.Bytes,
        _ when type == typeof(DateTime) => FieldKind.Timestamp,
        _ when type == typeof(TimeSpan) => FieldKind.Duration,
        _ when RuntimeTypeModel.Default.CanSerializeContractType(type) => FieldKind.Message,
        _ => throw new NotSupportedException($"{member.ParentType.Name}.{member.Name}: {type} has no proto3 mapping."),
    };
}
