using Grpc.Core;

namespace CodeFirst.Validation;

/// <summary>The outcome of <see cref="MessageValidator.Validate"/>.</summary>
public sealed class MessageValidationResult
{
    internal static readonly MessageValidationResult Valid = new([]);

    internal MessageValidationResult(IReadOnlyList<(FieldViolation Violation, string Summary)> violations)
    {
        Violations = violations.Select(v => v.Violation).ToArray();
        Message = violations.Count switch
        {
            0 => null,
            1 => violations[0].Summary,
            _ => $"{violations[0].Summary} (and {violations.Count - 1} more violation(s))",
        };
    }

    /// <summary>Whether the message is valid.</summary>
    public bool IsValid => Violations.Count == 0;

    /// <summary>Every field that failed, with its path and what is wrong.</summary>
    public IReadOnlyList<FieldViolation> Violations { get; }

    /// <summary>The status message, in the style of protoc-gen-validate: <c>invalid OrderMain.user_id: value must be greater than 0</c>.</summary>
    public string? Message { get; }

    /// <summary>
    /// The <c>INVALID_ARGUMENT</c> exception for this result: <see cref="Message"/> as the status detail, and every violation
    /// as a <c>google.rpc.BadRequest</c> in the <c>grpc-status-details-bin</c> trailer (read it back with
    /// <see cref="RpcStatusDetails.GetFieldViolations"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The result is valid.</exception>
    public RpcException ToRpcException() =>
        IsValid
            ? throw new InvalidOperationException("A valid message has no error.")
            : RpcStatusDetails.InvalidArgument(Message!, Violations);
}
