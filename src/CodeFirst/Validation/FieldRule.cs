using System.Collections;
using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using CodeFirst.Model;
using System.Text.RegularExpressions;

namespace CodeFirst.Validation;

/// <summary>
/// The checks of one message field, compiled once from the rules the contract model read from its attributes
/// (<see cref="FieldModel.Rules"/>). Descriptions follow protoc-gen-validate's wording.
/// </summary>
internal sealed class FieldRule
{
    private readonly Func<object, object?> _get;
    private readonly List<Func<object?, string?>> _checks = [];
    private readonly Func<object, bool>? _typedPredicate;

    public FieldRule(FieldModel field)
    {
        Field = field;
        Property = field.Property;
        _get = CompileGetter(Property);
        var rules = field.Rules;
        if (rules.Required)
        {
            _checks.Add(value => value is null || value is string { Length: 0 } ? "value is required" : null);
        }

        if (field.IsRepeated)
        {
            AddCountChecks(rules);
        }
        else
        {
            AddScalarChecks(field.ValueType, rules);
            _typedPredicate = CompileTypedPredicate(Property);
        }
    }

    public FieldModel Field { get; }

    /// <summary>
    /// <c>m =&gt; rules hold for ((TMessage)m).Property</c> for numeric and enum properties (the checks that would box their
    /// value); <see langword="null"/> for other fields.
    /// </summary>
    private Func<object, bool>? CompileTypedPredicate(PropertyInfo property)
    {
        var message = Expression.Parameter(typeof(object), "message");
        return BuildCondition(Expression.Convert(message, property.DeclaringType!)) is { } condition
            ? Expression.Lambda<Func<object, bool>>(condition, message).Compile()
            : null;
    }

    /// <summary>
    /// This field's checks as one boolean expression over <paramref name="message"/> (an expression of the message's type),
    /// for numeric and enum fields: no boxing, no delegate per check. <see langword="null"/> for other fields, and for a
    /// field with no checks. <see cref="MessageRules"/> joins these into one predicate per message type.
    /// </summary>
    public Expression? BuildCondition(Expression message)
    {
        var type = Field.ValueType;
        var rules = Field.Rules;
        if (Field.IsRepeated || !type.IsPrimitive && !type.IsEnum || type != Property.PropertyType || rules.Required)
        {
            return null;
        }

        var value = Expression.Variable(Property.PropertyType, "value");
        var conditions = new List<Expression>();
        if (rules.Finite)
        {
            conditions.Add(Expression.Call(type.GetMethod(nameof(double.IsFinite), [type])!, value));
        }

        if (rules.Range is { } range)
        {
            var number = Expression.Convert(value, typeof(double));
            var min = Expression.Constant(Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture));
            var max = Expression.Constant(Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
            conditions.Add(range.MinimumIsExclusive ? Expression.GreaterThan(number, min) : Expression.GreaterThanOrEqual(number, min));
            conditions.Add(range.MaximumIsExclusive ? Expression.LessThan(number, max) : Expression.LessThanOrEqual(number, max));
        }

        if (rules.DefinedOnly)
        {
            conditions.Add(IsDefinedEnumValue(Expression.Convert(value, typeof(long)), type));
        }

        if (conditions.Count == 0)
        {
            return null;
        }

        return Expression.Block(
            [value],
            Expression.Assign(value, Expression.Property(message, Property)),
            conditions.Aggregate(Expression.AndAlso));
    }

    /// <summary>
    /// Whether <paramref name="number"/> is one of <paramref name="enumType"/>'s values: a range test when the values are
    /// consecutive (the usual case, and what a proto enum starting at 0 is), a set lookup otherwise.
    /// </summary>
    private static Expression IsDefinedEnumValue(Expression number, Type enumType)
    {
        var defined = Enum.GetValues(enumType).Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
        if (defined.Length > 0 && defined[^1] - defined[0] == defined.Length - 1)
        {
            return Expression.AndAlso(
                Expression.GreaterThanOrEqual(number, Expression.Constant(defined[0])),
                Expression.LessThanOrEqual(number, Expression.Constant(defined[^1])));
        }

        return Expression.Call(Expression.Constant(defined.ToFrozenSet()), typeof(FrozenSet<long>).GetMethod(nameof(FrozenSet<long>.Contains))!, number);
    }

    public PropertyInfo Property { get; }

    public string ProtoName => Field.ProtoName;

    public bool IsRepeated => Field.IsRepeated;

    public bool IsMessage => Field.Kind == FieldKind.Message;

    /// <summary>
    /// The rules of the field's message type when it is a message, resolved at first use (a message type may contain
    /// itself) and kept: the nested messages of a request are checked without a lookup each.
    /// </summary>
    public MessageRules? ItemRules => IsMessage ? _itemRules ??= MessageRules.For(Field.ValueType) : null;

    private MessageRules? _itemRules;

    public object? GetValue(object message) => _get(message);

    /// <summary>Whether the field has any check of its own (a field without one only matters for its nested messages).</summary>
    public bool HasChecks => _checks.Count > 0;

    /// <summary>
    /// Whether the field's own checks pass, without allocating: value-type fields (numbers, enums) are tested by a compiled
    /// typed predicate (no boxing); other fields by <see cref="Check"/>.
    /// </summary>
    public bool Passes(object message) => _typedPredicate?.Invoke(message) ?? Check(_get(message)) is null;

    /// <summary>The first rule the value breaks (protoc-gen-validate stops at the first per field), or <see langword="null"/>.</summary>
    public string? Check(object? value)
    {
        foreach (var check in _checks)
        {
            if (check(value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private void AddCountChecks(FieldRules rules)
    {
        if (rules.MinItems > 0)
        {
            var min = rules.MinItems;
            _checks.Add(value => Count(value) < min ? $"value must contain at least {min} item(s)" : null);
        }

        if (rules.MaxItems is { } max)
        {
            _checks.Add(value => Count(value) > max ? $"value must contain no more than {max} item(s)" : null);
        }

        if (rules.UniqueBy is { } key)
        {
            var item = Field.Message ?? throw new InvalidOperationException($"{Field.QualifiedName}: [UniqueBy] needs a repeated message field.");
            var parts = key.Select(name => item.Find(name) ?? throw new InvalidOperationException($"{Field.QualifiedName}: [UniqueBy] names '{name}', which {item.Name} does not have.")).ToArray();
            var description = $"value must not contain two items with the same ({string.Join(", ", key)})";
            _checks.Add(value => HasDuplicate(value, parts) ? description : null);
        }
    }

    /// <summary>Whether two items of a list agree on every field of <paramref name="key"/>.</summary>
    private static bool HasDuplicate(object? value, FieldModel[] key)
    {
        if (value is not IEnumerable items)
        {
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item is not null && !seen.Add(string.Join('\u001f', key.Select(part => Convert.ToString(part.GetValue(item), CultureInfo.InvariantCulture)))))
            {
                return true;
            }
        }

        return false;
    }

    private void AddScalarChecks(Type type, FieldRules rules)
    {
        if (rules.Finite)
        {
            _checks.Add(value => value is float f && !float.IsFinite(f) || value is double d && !double.IsFinite(d) ? "value must be a finite number" : null);
        }

        if (rules.Range is { } range)
        {
            var (min, max) = (Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture), Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
            var description = DescribeRange(range, type);
            _checks.Add(value =>
            {
                var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                var aboveMin = range.MinimumIsExclusive ? number > min : number >= min;
                var belowMax = range.MaximumIsExclusive ? number < max : number <= max;
                return aboveMin && belowMax ? null : description;
            });
        }

        if (type == typeof(string))
        {
            var minimum = rules.MinLength;
            var maximum = rules.MaxLength ?? int.MaxValue;
            if (minimum > 0 || maximum < int.MaxValue)
            {
                var description = (minimum, maximum) switch
                {
                    (> 0, < int.MaxValue) => $"value length must be between {minimum} and {maximum} runes, inclusive",
                    (> 0, _) => $"value length must be at least {minimum} runes",
                    _ => $"value length must be at most {maximum} runes",
                };
                _checks.Add(value =>
                {
                    var runes = Runes(value as string);
                    return runes < minimum || runes > maximum ? description : null;
                });
            }

            if (rules.Pattern is { } pattern)
            {
                var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                var description = $"value does not match regex pattern \"{pattern}\"";
                _checks.Add(value =>
                {
                    var text = value as string ?? "";
                    var match = regex.Match(text);
                    return match.Success && match.Index == 0 && match.Length == text.Length ? null : description;
                });
            }
        }

        if (rules.DefinedOnly)
        {
            var defined = Enum.GetValues(type).Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToFrozenSet();
            _checks.Add(value => value is null || defined.Contains(Convert.ToInt64(value, CultureInfo.InvariantCulture)) ? null : "value must be one of the defined enum values");
        }
    }

    /// <summary>Describes a range as protoc-gen-validate does; a bound at the type's limit counts as no bound.</summary>
    private static string DescribeRange(RangeAttribute range, Type type)
    {
        var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        var (typeMin, typeMax) = Limits(type);
        var hasMin = min > typeMin;
        var hasMax = max < typeMax;
        var minText = Format(range.Minimum);
        var maxText = Format(range.Maximum);
        return (hasMin, hasMax) switch
        {
            (true, true) => $"value must be inside range {(range.MinimumIsExclusive ? "(" : "[")}{minText}, {maxText}{(range.MaximumIsExclusive ? ")" : "]")}",
            (true, false) => range.MinimumIsExclusive ? $"value must be greater than {minText}" : $"value must be greater than or equal to {minText}",
            (false, true) => range.MaximumIsExclusive ? $"value must be less than {maxText}" : $"value must be less than or equal to {maxText}",
            _ => "value is out of range",
        };
    }

    public static (double Min, double Max) Limits(Type type) => type switch
    {
        _ when type == typeof(int) => (int.MinValue, int.MaxValue),
        _ when type == typeof(long) => (long.MinValue, long.MaxValue),
        _ when type == typeof(uint) => (uint.MinValue, uint.MaxValue),
        _ when type == typeof(ulong) => (ulong.MinValue, ulong.MaxValue),
        _ when type == typeof(float) => (float.MinValue, float.MaxValue),
        _ => (double.MinValue, double.MaxValue),
    };

    /// <summary>A compiled getter (<c>m =&gt; (object)((TMessage)m).Property</c>): much cheaper per call than reflection.</summary>
    private static Func<object, object?> CompileGetter(PropertyInfo property)
    {
        var message = Expression.Parameter(typeof(object), "message");
        var body = Expression.Convert(Expression.Property(Expression.Convert(message, property.DeclaringType!), property), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, message).Compile();
    }

    private static string Format(object bound) => Convert.ToString(bound, CultureInfo.InvariantCulture)!;

    private static int Count(object? value) => value switch
    {
        null => 0,
        ICollection collection => collection.Count,
        IEnumerable items => items.Cast<object>().Count(),
        _ => 0,
    };

    private static int Runes(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
