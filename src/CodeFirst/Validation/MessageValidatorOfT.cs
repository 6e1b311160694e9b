using Grpc.Core;

namespace CodeFirst.Validation;

/// <summary>
/// Validates messages of one type with its rules resolved once (<see cref="MessageValidator.For{T}"/>): for code that
/// validates many messages of the same type, such as a server's method handler, it saves the lookup by type that
/// <see cref="MessageValidator.Validate"/> makes for every message. The rules and results are the same.
/// </summary>
/// <typeparam name="T">A contract message type.</typeparam>
public sealed class MessageValidator<T>
    where T : class
{
    private readonly MessageRules _rules = MessageRules.For(typeof(T));

    internal MessageValidator()
    {
    }

    /// <summary>Validates a message and its nested messages (a message of a derived type by that type's rules).</summary>
    /// <param name="message">The message.</param>
    /// <returns>The violations, empty when the message is valid.</returns>
    public MessageValidationResult Validate(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return MessageValidator.ValidateWith(message.GetType() == _rules.Type ? _rules : MessageRules.For(message.GetType()), message);
    }

    /// <summary>Throws the <c>INVALID_ARGUMENT</c> <see cref="RpcException"/> of <see cref="MessageValidationResult.ToRpcException"/> when the message is invalid.</summary>
    /// <param name="message">The message.</param>
    /// <exception cref="RpcException">The message is invalid.</exception>
    public void ThrowIfInvalid(T message)
    {
        var result = Validate(message);
        if (!result.IsValid)
        {
            throw result.ToRpcException();
        }
    }
}
