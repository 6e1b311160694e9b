using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using CodeFirst.Schema;
using ProtoBuf;
using CodeFirst.Model;

namespace CodeFirst.AspNetCore.OpenApi;

/// <summary>
/// The XML documentation comments of the contract types (the <c>.xml</c> file the compiler writes beside an assembly),
/// as plain text with Markdown code spans, for the summaries and descriptions of the OpenAPI document. An assembly
/// without its XML file (a single-file publish, a trimmed deployment) simply gives no text.
/// </summary>
internal sealed class ContractDocumentation
{
    private readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, XElement>> _files = new();
    private readonly Func<PropertyInfo, string> _fieldName;

    /// <param name="fieldName">How a property named in a <c>&lt;see cref="P:…"/&gt;</c> is spelled in the JSON (its field name).</param>
    public ContractDocumentation(Func<PropertyInfo, string> fieldName) => _fieldName = fieldName;

    public string? Summary(MemberInfo member) => Text(member, "summary");

    public string? Remarks(MemberInfo member) => Text(member, "remarks");

    private string? Text(MemberInfo member, string element)
    {
        var id = DocumentationId(member);
        var type = member as Type ?? member.DeclaringType;
        if (id is null || type is null || !Members(type.Assembly).TryGetValue(id, out var node) || node.Element(element) is not { } content)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(text, content, type.Assembly);
        var result = string.Join('\n', text.ToString().Split('\n').Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        return result.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }

    /// <summary>The documentation id (<c>T:Ns.Type</c>, <c>P:Ns.Type.Property</c>, <c>F:Ns.Enum.Value</c>, <c>M:Ns.Type.Method(…)</c>); for methods the id is matched by its prefix.</summary>
    private string? DocumentationId(MemberInfo member)
    {
        switch (member)
        {
            case Type type:
                return "T:" + TypeName(type);
            case PropertyInfo property:
                return $"P:{TypeName(property.DeclaringType!)}.{property.Name}";
            case FieldInfo field:
                return $"F:{TypeName(field.DeclaringType!)}.{field.Name}";
            case MethodInfo method:
                var prefix = $"M:{TypeName(method.DeclaringType!)}.{method.Name}(";
                var matches = Members(method.DeclaringType!.Assembly).Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Take(2).ToList();
                return matches.Count == 1 ? matches[0] : null; // overloads are ambiguous by name: no text rather than the wrong one
            default:
                return null;
        }
    }

    private static string TypeName(Type type) => type.FullName!.Replace('+', '.');

    private IReadOnlyDictionary<string, XElement> Members(Assembly assembly) => _files.GetOrAdd(assembly, static a =>
    {
        try
        {
            var path = string.IsNullOrEmpty(a.Location) ? null : Path.ChangeExtension(a.Location, ".xml");
            if (path is null || !File.Exists(path))
            {
                return new Dictionary<string, XElement>();
            }

            return XDocument.Load(path).Root?.Element("members")?.Elements("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => m.Attribute("name")!.Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
                ?? new Dictionary<string, XElement>();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return new Dictionary<string, XElement>(); // documentation is a nicety: never fail the document for it
        }
    });

    private void Append(StringBuilder text, XElement element, Assembly assembly)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText value:
                    text.Append(value.Value.Replace('\r', ' ').Replace('\n', ' '));
                    break;
                case XElement { Name.LocalName: "c" or "code" } code:
                    text.Append('`').Append(code.Value.Trim()).Append('`');
                    break;
                case XElement { Name.LocalName: "para" } paragraph:
                    text.Append('\n');
                    Append(text, paragraph, assembly);
                    text.Append('\n');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    text.Append(Reference(see, assembly));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append('`').Append(reference.Attribute("name")?.Value).Append('`');
                    break;
                case XElement other:
                    Append(text, other, assembly);
                    break;
            }
        }
    }

    /// <summary>A <c>&lt;see/&gt;</c> as the JSON reader sees it: a field by its JSON name, a message or enum by its proto name.</summary>
    private string Reference(XElement see, Assembly assembly)
    {
        if (see.Attribute("langword")?.Value is { } word)
        {
            return $"`{word}`";
        }

        if (!string.IsNullOrEmpty(see.Value))
        {
            return see.Value;
        }

        var cref = see.Attribute("cref")?.Value;
        if (cref is null || cref.Length < 3)
        {
            return "";
        }

        var name = cref[2..];
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            name = name[..paren];
        }

        var lastDot = name.LastIndexOf('.');
        var member = name[(lastDot + 1)..];
        var owner = lastDot > 0 ? FindType(assembly, name[..lastDot]) : null;
        return cref[0] switch
        {
            'P' when owner?.GetProperties().FirstOrDefault(p => p.Name == member) is { } property && property.GetCustomAttribute<ProtoMemberAttribute>() is not null =>
                $"`{_fieldName(property)}`",
            'T' when FindType(assembly, name) is { } type => $"`{ProtoTypeName.Of(type)}`",
            'M' when owner?.GetMethods().Where(m => m.Name == member).ToList() is [var method]
                && method.GetCustomAttribute<System.ServiceModel.OperationContractAttribute>()?.Name is { Length: > 0 } operation => $"`{operation}`",
            _ => $"`{(owner is { IsEnum: true } ? member : member.EndsWith("Async", StringComparison.Ordinal) ? member[..^5] : member)}`",
        };
    }

    private static Type? FindType(Assembly assembly, string fullName) =>
        assembly.GetType(fullName) ?? assembly.GetTypes().FirstOrDefault(t => TypeName(t) == fullName);
}
