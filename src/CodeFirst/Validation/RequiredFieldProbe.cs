using CodeFirst.Model;

namespace CodeFirst.Validation;

/// <summary>
/// Whether a field must be sent: it is <c>[Required]</c>, or the value it holds when a message leaves it out breaks its
/// rules (a <c>[Range(1, 1000)]</c> <c>int</c> is 0 when absent, so leaving it out is an error). Asks the validator's own
/// checks (<see cref="FieldRule"/>), so a schema that says "required" and the validator cannot disagree.
/// </summary>
internal static class RequiredFieldProbe
{
    public static bool IsRequired(FieldModel field) =>
        field.Rules.Required || !field.Rules.IsEmpty && new FieldRule(field).Check(AbsentValue(field)) is not null;

    /// <summary>
    /// What the field holds when a message leaves it out: its value in a new message (protobuf-net and the JSON reader
    /// start from the parameterless constructor), or the proto3 default when the type has no such constructor.
    /// </summary>
    private static object? AbsentValue(FieldModel field)
    {
        var type = field.Property.DeclaringType!;
        if (!type.IsAbstract && type.GetConstructor(Type.EmptyTypes) is not null)
        {
            return field.Property.GetValue(Activator.CreateInstance(type));
        }

        var propertyType = field.Property.PropertyType;
        return propertyType.IsValueType && Nullable.GetUnderlyingType(propertyType) is null ? Activator.CreateInstance(propertyType) : null;
    }
}
