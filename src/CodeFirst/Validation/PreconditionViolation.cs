namespace CodeFirst.Validation;

/// <summary>One failed precondition of a <c>google.rpc.PreconditionFailure</c>.</summary>
/// <param name="Type">What kind of precondition (service-defined, e.g. <c>STOCK</c>).</param>
/// <param name="Subject">What it is about (e.g. <c>products/12/areas/B</c>).</param>
/// <param name="Description">How it failed, for humans (e.g. <c>requested 5, available 2</c>).</param>
public sealed record PreconditionViolation(string Type, string Subject, string Description);
