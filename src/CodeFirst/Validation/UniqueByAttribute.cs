namespace CodeFirst.Validation;

/// <summary>
/// On a repeated message field: no two items may have the same values in the named fields (proto names), e.g.
/// <c>[UniqueBy("product_id", "warehouse")]</c>. protoc-gen-validate has no keyed uniqueness, so the exported schema
/// carries it as a comment only; the validator (server, gateway, .NET clients) enforces it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class UniqueByAttribute : Attribute
{
    /// <summary>Declares the key.</summary>
    /// <param name="fields">The proto names of the item's fields that together must be unique.</param>
    public UniqueByAttribute(params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length == 0 || fields.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Name at least one field.", nameof(fields));
        }

        Fields = fields;
    }

    /// <summary>The proto names of the key's fields.</summary>
    public IReadOnlyList<string> Fields { get; }
}
