using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CodeFirst.Validation;
using ProtoBuf;
using CodeFirst.Model;

namespace CodeFirst.Schema;

/// <summary>
/// Writes the validation rules declared on the contracts' properties as protoc-gen-validate (PGV) field options, so that
/// clients generated from the <c>.proto</c> in other languages can enforce the same rules as the validator
/// (<see cref="MessageValidator"/>). Both read the rules from the contract model (<see cref="FieldModel.Rules"/>); each is
/// written here as the PGV rule that accepts exactly the same values:
/// <list type="bullet">
/// <item><see cref="RangeAttribute"/> → <c>int32/int64/uint32/uint64/… {gt|gte, lt|lte}</c>; an integer bound that excludes
/// no value of the field's type is left out; a float bound is always written (a bound at <c>float.MaxValue</c> still
/// excludes infinity), rounded to the nearest float on the safe side.</item>
/// <item><see cref="FiniteAttribute"/> → <c>float/double {gte: -MAX, lte: MAX}</c>, tightened with the range: the vendored
/// <c>validate.proto</c> has no <c>finite</c> rule, and these bounds reject exactly NaN and ±Infinity.</item>
/// <item><see cref="StringLengthAttribute"/>, <see cref="MinLengthAttribute"/>, <see cref="MaxLengthAttribute"/> on a string
/// → <c>string {min_len, max_len}</c> (runes, as the validator counts); <see cref="RequiredAttribute"/> on a string →
/// <c>min_len: 1</c>; <see cref="RegularExpressionAttribute"/> → <c>string {pattern}</c>, anchored (PGV searches, the
/// validator matches the whole value).</item>
/// <item><see cref="MinLengthAttribute"/>, <see cref="MaxLengthAttribute"/> on a repeated field → <c>repeated {min_items, max_items}</c>.</item>
/// <item><see cref="RequiredAttribute"/> on a message field → <c>message {required: true}</c> (<c>timestamp</c>/<c>duration</c>
/// for the well-known types).</item>
/// <item>Every singular enum field → <c>enum {defined_only: true}</c>.</item>
/// </list>
/// </summary>
internal static partial class ValidationRuleWriter
{
    /// <summary>The import that declares <c>(validate.rules)</c>; vendored under <c>protos/third_party</c>.</summary>
    public const string Import = "validate/validate.proto";

    /// <summary>
    /// Appends the PGV options of every field with rules to its line in <paramref name="schema"/> (protobuf-net's output,
    /// before any other post-processing) and imports <see cref="Import"/> when at least one rule was written.
    /// </summary>
    /// <param name="schema">The schema text, with <c>\n</c> line ends.</param>
    /// <param name="messageTypes">The request and response types of the services; the types they reference are found from them.</param>
    /// <exception cref="InvalidOperationException">A field with rules is not in the schema.</exception>
    /// <exception cref="NotSupportedException">A rule has no PGV equivalent that accepts exactly the same values.</exception>
    public static string AddFieldRules(string schema, IEnumerable<Type> messageTypes)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(messageTypes);
        var messages = CollectMessages(messageTypes);
        var matched = new HashSet<(string Message, string Field)>();
        var written = 0;
        var scopes = new Stack<string?>();
        var lines = schema.Split('\n').ToList();

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (BlockStart().Match(line) is { Success: true } block)
            {
                scopes.Push(block.Groups["kind"].Value switch
                {
                    "message" => block.Groups["name"].Value,
                    "oneof" => scopes.Count > 0 ? scopes.Peek() : null,
                    _ => null,
                });
                continue;
            }

            if (BlockEnd().IsMatch(line))
            {
                scopes.TryPop(out _);
                continue;
            }

            var field = FieldLine().Match(line);
            if (!field.Success || scopes.Count == 0 || scopes.Peek() is not { } message
                || !messages.TryGetValue(message, out var properties)
                || !properties.TryGetValue(field.Groups["name"].Value, out var model))
            {
                continue;
            }

            var tag = model.Number;
            if (tag.ToString(CultureInfo.InvariantCulture) != field.Groups["tag"].Value)
            {
                throw new InvalidOperationException($"{message}.{field.Groups["name"].Value} is field {field.Groups["tag"].Value} in the schema but [ProtoMember({tag})] in {model.Property.DeclaringType}.");
            }

            matched.Add((message, field.Groups["name"].Value));
            var options = Describe(model, field.Groups["type"].Value, $"{message}.{field.Groups["name"].Value}");
            // protoc-gen-validate has no keyed uniqueness: the rule is told in a comment, and enforced by the validator.
            var comment = model.Rules.UniqueBy is { } key && field.Groups["rest"].Value.Length == 0
                ? $" // no two items with the same ({string.Join(", ", key)})"
                : field.Groups["rest"].Value;
            if (options.Count == 0)
            {
                lines[i] = line[..^field.Groups["rest"].Length] + comment;
                continue;
            }

            written++;
            var existing = field.Groups["options"].Success ? field.Groups["options"].Value + ", " : "";
            lines[i] = $"{field.Groups["head"].Value} [{existing}{string.Join(", ", options)}];{comment}";
        }

        var missing = messages
            .SelectMany(m => m.Value.Select(f => (Message: m.Key, Field: f.Key, Property: f.Value)))
            .Where(f => !matched.Contains((f.Message, f.Field)) && !f.Property.Rules.IsEmpty)
            .Select(f => $"{f.Message}.{f.Field}")
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Validation rules of {string.Join(", ", missing)} could not be written: the field is not in protobuf-net's schema.");
        }

        if (written > 0)
        {
            var lastImport = lines.FindLastIndex(l => l.StartsWith("import ", StringComparison.Ordinal));
            lines.Insert(lastImport >= 0 ? lastImport + 1 : lines.FindIndex(l => l.StartsWith("package ", StringComparison.Ordinal)) + 1, $"import \"{Import}\";");
        }

        return string.Join('\n', lines).TrimEnd('\n') + "\n";
    }

    /// <summary>The PGV options of one field (empty when it has no rule), e.g. <c>(validate.rules).int32 = {gt: 0}</c>.</summary>
    private static IReadOnlyList<string> Describe(FieldModel field, string protoType, string fieldName)
    {
        var rules = field.Rules;
        var options = new List<string>();
        if (field.IsRepeated)
        {
            // Required on a list only rejects null, which no message read from the wire has; enum items are not checked by the validator.
            var items = new List<string>();
            if (rules.MinItems > 0)
            {
                items.Add($"min_items: {rules.MinItems}");
            }

            if (rules.MaxItems is { } max)
            {
                items.Add($"max_items: {max}");
            }

            AddOption(options, "repeated", items);
            return options;
        }

        var type = field.ValueType;
        if (type == typeof(string))
        {
            AddOption(options, "string", StringRules(rules, fieldName));
        }
        else if (type.IsEnum)
        {
            AddOption(options, "enum", ["defined_only: true"]);
        }
        else if (Numeric.TryGetValue(protoType, out var limits))
        {
            AddOption(options, protoType, NumberRules(rules, protoType, limits, fieldName));
        }
        else if (rules.Required && (field.Kind == FieldKind.Message || field.IsNullable))
        {
            var kind = protoType.TrimStart('.') switch
            {
                "google.protobuf.Timestamp" => "timestamp",
                "google.protobuf.Duration" => "duration",
                _ => "message",
            };
            AddOption(options, kind, ["required: true"]);
        }

        return options;
    }

    private static void AddOption(List<string> options, string kind, IReadOnlyList<string> rules)
    {
        if (rules.Count > 0)
        {
            options.Add($"(validate.rules).{kind} = {{{string.Join(", ", rules)}}}");
        }
    }

    private static List<string> StringRules(FieldRules declared, string fieldName)
    {
        var rules = new List<string>();
        // As the validator counts, in runes; Required also rejects the empty string.
        var minimum = Math.Max(declared.MinLength, declared.Required ? 1 : 0);
        if (minimum > 0)
        {
            rules.Add($"min_len: {minimum}");
        }

        if (declared.MaxLength is { } maximum)
        {
            rules.Add($"max_len: {maximum}");
        }

        if (declared.Pattern is { } pattern)
        {
            rules.Add($"pattern: {Quote(AnchoredPattern(pattern, fieldName))}");
        }

        return rules;
    }

    private static List<string> NumberRules(FieldRules declared, string protoType, (double Min, double Max) limits, string fieldName)
    {
        Bound? lower = null;
        Bound? upper = null;
        if (declared.Range is { } range)
        {
            var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
            if (double.IsNaN(min) || double.IsNaN(max))
            {
                throw new NotSupportedException($"{fieldName}: a [Range] bound of NaN rejects every value; declare a real bound.");
            }

            lower = new Bound(min, range.MinimumIsExclusive);
            upper = new Bound(max, range.MaximumIsExclusive);
        }

        var isFloat = protoType is "float" or "double";
        if (isFloat && declared.Finite)
        {
            // -MAX <= value <= MAX holds for every finite value and fails for ±Infinity and NaN.
            lower = Tighter(lower, new Bound(limits.Min, false), lowerBound: true);
            upper = Tighter(upper, new Bound(limits.Max, false), lowerBound: false);
        }

        // The bounds as values of the field's type that accept exactly what the validator accepts.
        (lower, upper) = protoType switch
        {
            "float" => (FloatBound(lower, lowerBound: true), FloatBound(upper, lowerBound: false)),
            "double" => (lower, upper),
            _ => (IntegerBound(lower, limits, lowerBound: true), IntegerBound(upper, limits, lowerBound: false)),
        };
        Func<double, string> format = protoType switch
        {
            "float" => value => FormatFloat((float)value),
            "double" => FormatDouble,
            _ => FormatInteger,
        };

        // PGV reads a lower bound above the upper one as "outside the range", and equal inclusive bounds likewise:
        // an empty range is refused and a single value is written as const.
        if (lower is { } lo && upper is { } hi)
        {
            var least = lo.Exclusive ? Next(lo.Value, protoType, up: true) : lo.Value;
            var greatest = hi.Exclusive ? Next(hi.Value, protoType, up: false) : hi.Value;
            if (least > greatest)
            {
                throw new NotSupportedException($"{fieldName}: the [Range] admits no value of type {protoType}.");
            }

            if (least == greatest)
            {
                return [$"const: {format(least)}"];
            }
        }

        var rules = new List<string>();
        if (lower is { } l)
        {
            rules.Add($"{(l.Exclusive ? "gt" : "gte")}: {format(l.Value)}");
        }

        if (upper is { } u)
        {
            rules.Add($"{(u.Exclusive ? "lt" : "lte")}: {format(u.Value)}");
        }

        return rules;
    }

    /// <summary>
    /// A double bound on a float field: the validator compares the float, widened to double, with the double bound; PGV
    /// compares floats. A bound that is not a float becomes the nearest float inside it, inclusive.
    /// </summary>
    private static Bound? FloatBound(Bound? bound, bool lowerBound)
    {
        if (bound is not { } b)
        {
            return null;
        }

        var f = (float)b.Value;
        if ((double)f == b.Value)
        {
            return b;
        }

        // The smallest float above a lower bound (the largest below an upper one).
        return lowerBound
            ? new Bound((double)f > b.Value ? f : MathF.BitIncrement(f), false)
            : new Bound((double)f < b.Value ? f : MathF.BitDecrement(f), false);
    }

    /// <summary>An integer bound; none when it excludes no value of the field's type (e.g. <c>int.MaxValue</c> inclusive).</summary>
    private static Bound? IntegerBound(Bound? bound, (double Min, double Max) limits, bool lowerBound)
    {
        if (bound is not { } b)
        {
            return null;
        }

        var integral = Math.Floor(b.Value) == b.Value;
        if (lowerBound)
        {
            var least = b.Exclusive && integral ? b.Value + 1 : Math.Ceiling(b.Value);
            return least <= limits.Min ? null : b.Exclusive && integral ? b : new Bound(least, false);
        }

        var greatest = b.Exclusive && integral ? b.Value - 1 : Math.Floor(b.Value);
        return greatest >= limits.Max ? null : b.Exclusive && integral ? b : new Bound(greatest, false);
    }

    /// <summary>The next value of the field's type above (or below) <paramref name="value"/>.</summary>
    private static double Next(double value, string protoType, bool up) => protoType switch
    {
        "float" => up ? MathF.BitIncrement((float)value) : MathF.BitDecrement((float)value),
        "double" => up ? Math.BitIncrement(value) : Math.BitDecrement(value),
        _ => up ? value + 1 : value - 1,
    };

    private static Bound? Tighter(Bound? declared, Bound other, bool lowerBound)
    {
        if (declared is not { } d)
        {
            return other;
        }

        if (d.Value == other.Value)
        {
            return d.Exclusive ? d : other;
        }

        return lowerBound == (d.Value > other.Value) ? d : other;
    }

    /// <summary>
    /// The pattern as PGV reads it (RE2, searched anywhere in the value) to accept what the validator accepts (.NET, the
    /// whole value must match): anchored with <c>^…$</c>. Constructs whose meaning differs between .NET and RE2 are refused.
    /// </summary>
    private static string AnchoredPattern(string pattern, string fieldName)
    {
        if (NonPortableRegex().Match(pattern) is { Success: true } construct)
        {
            throw new NotSupportedException(
                $"{fieldName}: the [RegularExpression] pattern \"{pattern}\" uses \"{construct.Value}\", which RE2 (protoc-gen-validate) does not support " +
                "or reads differently from .NET (\\d, \\w, \\s and \\b are Unicode-aware in .NET, ASCII in RE2): use explicit character classes such as [0-9].");
        }

        return IsAnchored(pattern) ? pattern : $"^(?:{pattern})$";
    }

    /// <summary>Whether the pattern is <c>^…$</c> with no alternation outside groups (<c>^a|b$</c> is not anchored on both sides).</summary>
    private static bool IsAnchored(string pattern)
    {
        if (!pattern.StartsWith('^') || !pattern.EndsWith('$'))
        {
            return false;
        }

        var (depth, inClass) = (0, false);
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i == pattern.Length - 2)
                    {
                        return false; // the final $ is escaped: a literal dollar
                    }

                    i++;
                    break;
                case '[' when !inClass:
                    inClass = true;
                    break;
                case ']' when inClass:
                    inClass = false;
                    break;
                case '(' when !inClass:
                    depth++;
                    break;
                case ')' when !inClass:
                    depth--;
                    break;
                case '|' when !inClass && depth == 0:
                    return false;
            }
        }

        return true;
    }

    /// <summary>The message types reachable from <paramref name="roots"/>, by proto name, each with its fields by proto name.</summary>
    private static Dictionary<string, Dictionary<string, FieldModel>> CollectMessages(IEnumerable<Type> roots)
    {
        var messages = new Dictionary<string, Dictionary<string, FieldModel>>(StringComparer.Ordinal);
        var seen = new HashSet<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type) || type.IsEnum || !type.IsDefined(typeof(ProtoContractAttribute), inherit: false))
            {
                continue;
            }

            var model = MessageModel.For(type);
            messages[model.Name] = model.Fields.ToDictionary(f => f.ProtoName, StringComparer.Ordinal);
            foreach (var field in model.Fields.Where(f => f.Kind == FieldKind.Message))
            {
                pending.Enqueue(field.ValueType);
            }
        }

        return messages;
    }

    private static string FormatInteger(double value) => new BigInteger(value).ToString(CultureInfo.InvariantCulture);

    private static string FormatFloat(float value) => float.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant()
        : float.IsNegative(value) ? "-inf" : "inf";

    private static string FormatDouble(double value) => double.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant()
        : double.IsNegative(value) ? "-inf" : "inf";

    /// <summary>A proto string literal: backslash, quote and control characters escaped, the rest as UTF-8.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                '\n' => quoted.Append(@"\n"),
                '\r' => quoted.Append(@"\r"),
                '\t' => quoted.Append(@"\t"),
                < ' ' or '\x7f' => quoted.Append(CultureInfo.InvariantCulture, $"\\{Convert.ToString(c, 8).PadLeft(3, '0')}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>The proto scalar types PGV has numeric rules for, with the range of their values.</summary>
    private static readonly Dictionary<string, (double Min, double Max)> Numeric = new(StringComparer.Ordinal)
    {
        ["int32"] = (int.MinValue, int.MaxValue),
        ["sint32"] = (int.MinValue, int.MaxValue),
        ["sfixed32"] = (int.MinValue, int.MaxValue),
        ["int64"] = (long.MinValue, long.MaxValue),
        ["sint64"] = (long.MinValue, long.MaxValue),
        ["sfixed64"] = (long.MinValue, long.MaxValue),
        ["uint32"] = (uint.MinValue, uint.MaxValue),
        ["fixed32"] = (uint.MinValue, uint.MaxValue),
        ["uint64"] = (ulong.MinValue, ulong.MaxValue),
        ["fixed64"] = (ulong.MinValue, ulong.MaxValue),
        ["float"] = (-float.MaxValue, float.MaxValue),
        ["double"] = (-double.MaxValue, double.MaxValue),
    };

    private readonly record struct Bound(double Value, bool Exclusive);

    [GeneratedRegex(@"^\s*(?<kind>message|enum|oneof|service) (?<name>\w+) \{$")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"^\s*\}$")]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"^(?<head>\s+(?:(?:repeated|optional|required) )?(?<type>\.?[\w.]+) (?<name>\w+) = (?<tag>\d+))(?: \[(?<options>[^\]]*)\])?;(?<rest>.*)$")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"\(\?[=!>]|\(\?<[=!]|(?<!\\)(?:\\\\)*\\[1-9dDwWsSbBkZG]")]
    private static partial Regex NonPortableRegex();
}
