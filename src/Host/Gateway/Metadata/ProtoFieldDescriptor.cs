using System.Reflection;
using System.Text.Json;

namespace ProdStock.Host.Gateway.Metadata;

/// <summary>One field of a protobuf-net message: its proto and JSON names, kind, and how to read and write it.</summary>
internal sealed class ProtoFieldDescriptor
{
    private readonly PropertyInfo _property;

    public ProtoFieldDescriptor(string messageName, int number, string protoName, ProtoFieldKind kind, Type valueType, bool isRepeated, PropertyInfo property)
    {
        Number = number;
        ProtoName = protoName;
        QualifiedName = $"{messageName}.{protoName}";
        JsonName = JsonNamingPolicy.CamelCase.ConvertName(ToPascal(protoName));
        Kind = kind;
        ValueType = valueType;
        IsRepeated = isRepeated;
        _property = property;
    }

    public int Number { get; }

    /// <summary>The field name in the .proto (<c>prod_id</c>).</summary>
    public string ProtoName { get; }

    /// <summary>The field as errors name it when it is read at the top of its message (<c>ProdRequest.prod_id</c>).</summary>
    public string QualifiedName { get; }

    /// <summary>The proto3 JSON name, lowerCamelCase (<c>prodId</c>).</summary>
    public string JsonName { get; }

    public ProtoFieldKind Kind { get; }

    /// <summary>The element type (for repeated fields) or the field type, without <see cref="Nullable{T}"/>.</summary>
    public Type ValueType { get; }

    public bool IsRepeated { get; }

    /// <summary>The descriptor of a message-typed field's message.</summary>
    public ProtoMessageDescriptor? Message => Kind == ProtoFieldKind.Message ? ProtoMessageDescriptor.For(ValueType) : null;

    public object? GetValue(object message) => _property.GetValue(message);

    public void SetValue(object message, object? value) => _property.SetValue(message, value);

    /// <summary>The list a repeated field adds to, created when the message has none.</summary>
    public System.Collections.IList GetOrCreateList(object message)
    {
        if (_property.GetValue(message) is System.Collections.IList list)
        {
            return list;
        }

        list = (System.Collections.IList)Activator.CreateInstance(_property.PropertyType.IsInterface
            ? typeof(List<>).MakeGenericType(ValueType)
            : _property.PropertyType)!;
        _property.SetValue(message, list);
        return list;
    }

    private static string ToPascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
