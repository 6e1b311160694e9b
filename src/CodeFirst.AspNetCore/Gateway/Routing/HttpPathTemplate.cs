using System.Collections.Frozen;
using System.Text;

namespace CodeFirst.AspNetCore.Gateway.Routing;

/// <summary>
/// A parsed <c>google.api.http</c> path template: literal segments, field variables (<c>{field}</c>, <c>{field=*}</c>,
/// <c>{parent.child}</c>) and an optional custom verb (<c>:stream</c>). Multi-segment variables (<c>{name=a/*}</c>,
/// <c>**</c>) are refused when the route table is built, with a message naming the template.
/// </summary>
internal sealed class HttpPathTemplate
{
    private HttpPathTemplate(string text, IReadOnlyList<Segment> segments, string? verb)
    {
        Text = text;
        Segments = segments;
        Verb = verb;
        Variables = [.. segments.Where(s => s.IsVariable).Select(s => s.FieldPath!)];
        BoundFields = Variables.Select(v => string.Join('.', v)).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>A literal segment (<see cref="FieldPath"/> is null) or a variable bound to a field path.</summary>
    public sealed record Segment(string? Literal, IReadOnlyList<string>? FieldPath)
    {
        public bool IsVariable => FieldPath is not null;
    }

    public string Text { get; }

    public IReadOnlyList<Segment> Segments { get; }

    public string? Verb { get; }

    /// <summary>The field paths bound by the template, in order (each as proto names, e.g. ["order_main", "user_id"]).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Variables { get; }

    /// <summary>The field paths bound by the template as dotted proto names (e.g. <c>order_main.user_id</c>).</summary>
    public IReadOnlySet<string> BoundFields { get; }

    public static HttpPathTemplate Parse(string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        if (!template.StartsWith('/'))
        {
            throw Invalid(template, "it must start with '/'");
        }

        var body = template;
        string? verb = null;
        var lastSlash = template.LastIndexOf('/');
        var colon = template.IndexOf(':', lastSlash);
        if (colon >= 0 && template.IndexOf('}', colon) < 0)
        {
            verb = template[(colon + 1)..];
            body = template[..colon];
            if (!IsLiteral(verb))
            {
                throw Invalid(template, $"the verb '{verb}' must be a literal");
            }
        }

        var segments = new List<Segment>();
        foreach (var part in body[1..].Split('/'))
        {
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var inner = part[1..^1];
                var equals = inner.IndexOf('=');
                var path = equals < 0 ? inner : inner[..equals];
                if (equals >= 0 && inner[(equals + 1)..] != "*")
                {
                    throw Invalid(template, $"the variable '{part}' binds more than one segment, which the gateway does not support");
                }

                var fieldPath = path.Split('.');
                if (fieldPath.Any(name => name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
                {
                    throw Invalid(template, $"'{path}' is not a field path");
                }

                segments.Add(new Segment(null, fieldPath));
            }
            else if (IsLiteral(part))
            {
                segments.Add(new Segment(part, null));
            }
            else
            {
                throw Invalid(template, $"the segment '{part}' is neither a literal nor a {{field}} variable");
            }
        }

        var bound = segments.Where(s => s.IsVariable).Select(s => string.Join('.', s.FieldPath!)).ToList();
        if (bound.Count != bound.Distinct(StringComparer.Ordinal).Count())
        {
            throw Invalid(template, "a field is bound twice");
        }

        return new HttpPathTemplate(template, segments, verb);
    }

    /// <summary>The ASP.NET Core route pattern; variable <c>i</c> becomes the route value <see cref="RouteValueName"/>(i).</summary>
    public string ToRoutePattern()
    {
        var pattern = new StringBuilder();
        var index = 0;
        foreach (var segment in Segments)
        {
            pattern.Append('/');
            pattern.Append(segment.IsVariable ? "{" + RouteValueName(index++) + "}" : segment.Literal);
        }

        if (Verb is not null)
        {
            pattern.Append(':').Append(Verb);
        }

        return pattern.ToString();
    }

    public static string RouteValueName(int index) => "v" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsLiteral(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~');

    private static FormatException Invalid(string template, string problem) =>
        new($"The HTTP path template '{template}' is not valid: {problem}.");
}
