using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace CodeFirst.Model;

/// <summary>
/// One field of a contract message as protobuf-net lays it out: number, proto and JSON names, kind, whether it is
/// repeated, its declared rules, and how to read and write it.
/// </summary>
public sealed class FieldModel
{
    internal FieldModel(string messageName, int number, string protoName, FieldKind kind, Type valueType, bool isRepeated, PropertyInfo property)
    {
        Number = number;
        ProtoName = protoName;
        QualifiedName = $"{messageName}.{protoName}";
        JsonName = JsonNamingPolicy.CamelCase.ConvertName(ToPascal(protoName));
        Kind = kind;
        ValueType = valueType;
        IsRepeated = isRepeated;
        IsNullable = !isRepeated && (Nullable.GetUnderlyingType(property.PropertyType) is not null || !property.PropertyType.IsValueType);
        Property = property;
        Rules = FieldRules.Read(property, isRepeated, valueType);
    }

    /// <summary>The field number.</summary>
    public int Number { get; }

    /// <summary>The field name in the .proto (<c>book_id</c>).</summary>
    public string ProtoName { get; }

    /// <summary>The field as errors name it when it is read at the top of its message (<c>BookQuery.book_id</c>).</summary>
    public string QualifiedName { get; }

    /// <summary>The proto3 JSON name, lowerCamelCase (<c>bookId</c>).</summary>
    public string JsonName { get; }

    /// <summary>The proto3 type of the field (of each item, when repeated).</summary>
    public FieldKind Kind { get; }

    /// <summary>The element type (for repeated fields) or the field type, without <see cref="Nullable{T}"/>.</summary>
    public Type ValueType { get; }

    /// <summary>Whether the field is <c>repeated</c>.</summary>
    public bool IsRepeated { get; }

    /// <summary>Whether a singular field can be left unset (a reference type or a <see cref="Nullable{T}"/>).</summary>
    public bool IsNullable { get; }

    /// <summary>The property behind the field.</summary>
    public PropertyInfo Property { get; }

    /// <summary>The validation rules declared on the field.</summary>
    public FieldRules Rules { get; }

    /// <summary>
    /// Whether a message is invalid without this field: it is <c>[Required]</c>, or the value it holds when left out (0,
    /// empty, unset) breaks its rules. What a schema marks as required.
    /// </summary>
    public bool IsRequired => _isRequired ??= Validation.RequiredFieldProbe.IsRequired(this);

    private bool? _isRequired;

    /// <summary>The model of a message-typed field's message; <see langword="null"/> for other kinds.</summary>
    public MessageModel? Message => Kind == FieldKind.Message ? MessageModel.For(ValueType) : null;

    /// <summary>Reads the field's value from a message.</summary>
    public object? GetValue(object message) => Property.GetValue(message);

    /// <summary>Sets the field's value on a message.</summary>
    public void SetValue(object message, object? value) => Property.SetValue(message, value);

    /// <summary>The list a repeated field adds to, created when the message has none.</summary>
    public IList GetOrCreateList(object message)
    {
        if (Property.GetValue(message) is IList list)
        {
            return list;
        }

        list = (IList)Activator.CreateInstance(Property.PropertyType.IsInterface
            ? typeof(List<>).MakeGenericType(ValueType)
            : Property.PropertyType)!;
        Property.SetValue(message, list);
        return list;
    }

    private static string ToPascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
