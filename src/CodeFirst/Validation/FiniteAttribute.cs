namespace CodeFirst.Validation;

/// <summary>
/// The <see cref="float"/> or <see cref="double"/> field must be a finite number (not NaN, not ±Infinity).
/// Exported as <c>(validate.rules).float.finite</c> / <c>double.finite</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class FiniteAttribute : Attribute
{
}
