using Grpc.Core;

namespace CodeFirst.Validation;

/// <summary>
/// Validates contract messages against the rules declared on their properties (DataAnnotations and
/// <see cref="FiniteAttribute"/>; enums accept defined values only), nested messages included. The same rules are
/// enforced by the server for every call kind, by the REST gateway and by the ClientSdk before sending, and exported
/// to the <c>.proto</c> as protoc-gen-validate annotations.
/// </summary>
public static class MessageValidator
{
    /// <summary>Validates a message and its nested messages.</summary>
    /// <param name="message">A request message.</param>
    /// <returns>The violations, empty when the message is valid.</returns>
    public static MessageValidationResult Validate(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ValidateWith(MessageRules.For(message.GetType()), message);
    }

    /// <summary>
    /// A validator for messages of type <typeparamref name="T"/> that resolves the type's rules once, for code that
    /// validates many messages of one type.
    /// </summary>
    /// <typeparam name="T">A contract message type.</typeparam>
    /// <returns>The validator; it is thread-safe and may be kept.</returns>
    public static MessageValidator<T> For<T>()
        where T : class => new();

    internal static MessageValidationResult ValidateWith(MessageRules rules, object message)
    {
        // IsValid applies the same checks as Collect without building paths or messages: the common case allocates nothing.
        if (rules.IsValid(message))
        {
            return MessageValidationResult.Valid;
        }

        List<(FieldViolation Violation, string Summary)>? violations = null;
        rules.Collect(message, "", ref violations);
        return violations is null ? MessageValidationResult.Valid : new MessageValidationResult(violations);
    }

    /// <summary>Throws the <c>INVALID_ARGUMENT</c> <see cref="RpcException"/> of <see cref="MessageValidationResult.ToRpcException"/> when the message is invalid.</summary>
    /// <param name="message">A request message.</param>
    /// <exception cref="RpcException">The message is invalid.</exception>
    public static void ThrowIfInvalid(object message)
    {
        var result = Validate(message);
        if (!result.IsValid)
        {
            throw result.ToRpcException();
        }
    }
}
