using System.ComponentModel.DataAnnotations;
using System.Reflection;
using CodeFirst.Validation;

namespace CodeFirst.Model;

/// <summary>
/// The validation rules declared on one field, read once from its attributes: DataAnnotations
/// (<see cref="RequiredAttribute"/>, <see cref="RangeAttribute"/>, <see cref="StringLengthAttribute"/>,
/// <see cref="MinLengthAttribute"/>, <see cref="MaxLengthAttribute"/>, <see cref="RegularExpressionAttribute"/>),
/// <see cref="FiniteAttribute"/>, and "defined values only" for every singular enum. The validator, the
/// protoc-gen-validate writer and the OpenAPI document all read these, so they cannot disagree on what a field allows.
/// </summary>
public sealed class FieldRules
{
    private FieldRules(PropertyInfo property, bool isRepeated, Type valueType)
    {
        Required = property.GetCustomAttribute<RequiredAttribute>() is not null;
        var minLength = property.GetCustomAttribute<MinLengthAttribute>();
        // [MaxLength] without an argument (Length -1) means "no maximum", as in DataAnnotations.
        var maxLength = property.GetCustomAttribute<MaxLengthAttribute>() is { Length: >= 0 } max ? max : null;
        if (isRepeated)
        {
            MinItems = Math.Max(minLength?.Length ?? 0, 0);
            MaxItems = maxLength?.Length;
            UniqueBy = property.GetCustomAttribute<UniqueByAttribute>()?.Fields;
            return;
        }

        Range = property.GetCustomAttribute<RangeAttribute>();
        Finite = property.IsDefined(typeof(FiniteAttribute), inherit: true) && (valueType == typeof(float) || valueType == typeof(double));
        DefinedOnly = valueType.IsEnum;
        if (valueType == typeof(string))
        {
            var stringLength = property.GetCustomAttribute<StringLengthAttribute>();
            MinLength = Math.Max(stringLength?.MinimumLength ?? 0, minLength?.Length ?? 0);
            MaxLength = Math.Min(stringLength?.MaximumLength ?? int.MaxValue, maxLength?.Length ?? int.MaxValue) is var most && most < int.MaxValue ? most : null;
            Pattern = property.GetCustomAttribute<RegularExpressionAttribute>()?.Pattern;
        }
    }

    internal static FieldRules Read(PropertyInfo property, bool isRepeated, Type valueType) => new(property, isRepeated, valueType);

    /// <summary>The value must be set: not null, and for a string not empty.</summary>
    public bool Required { get; }

    /// <summary>The declared range of a number, or <see langword="null"/>.</summary>
    public RangeAttribute? Range { get; }

    /// <summary>A <c>float</c> or <c>double</c> must be finite (no NaN, no infinity).</summary>
    public bool Finite { get; }

    /// <summary>The least length of a string, in runes (Unicode scalar values); 0 when none is declared.</summary>
    public int MinLength { get; }

    /// <summary>The greatest length of a string, in runes, or <see langword="null"/>.</summary>
    public int? MaxLength { get; }

    /// <summary>The .NET regular expression the whole string must match, or <see langword="null"/>.</summary>
    public string? Pattern { get; }

    /// <summary>The least number of items of a repeated field; 0 when none is declared.</summary>
    public int MinItems { get; }

    /// <summary>The greatest number of items of a repeated field, or <see langword="null"/>.</summary>
    public int? MaxItems { get; }

    /// <summary>
    /// The proto names of the fields whose values no two items of a repeated message field may share
    /// (<see cref="UniqueByAttribute"/>), or <see langword="null"/>.
    /// </summary>
    public IReadOnlyList<string>? UniqueBy { get; }

    /// <summary>An enum must hold one of its defined values (every singular enum field).</summary>
    public bool DefinedOnly { get; }

    /// <summary>Whether the field has any rule at all.</summary>
    public bool IsEmpty =>
        !Required && Range is null && !Finite && MinLength == 0 && MaxLength is null && Pattern is null && MinItems == 0 && MaxItems is null && UniqueBy is null && !DefinedOnly;
}
