namespace CodeFirst.Validation;

/// <summary>One field that failed validation, as in <c>google.rpc.BadRequest.FieldViolation</c>.</summary>
public sealed class FieldViolation : IEquatable<FieldViolation>
{
    /// <summary>Creates a violation.</summary>
    /// <param name="field">The path of the field, with proto names: <c>order_main.user_id</c>, <c>users[3].user_id</c>.</param>
    /// <param name="description">What is wrong: <c>value must be greater than 0</c>.</param>
    public FieldViolation(string field, string description)
    {
        Field = field;
        Description = description;
    }

    /// <summary>The path of the field, with proto names: <c>order_main.user_id</c>, <c>users[3].user_id</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong, in the words of protoc-gen-validate: <c>value must be greater than 0</c>.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public bool Equals(FieldViolation? other) => other is not null && Field == other.Field && Description == other.Description;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FieldViolation);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Field, Description);

    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Description}";
}
