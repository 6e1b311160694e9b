using Grpc.Core;
using CodeFirst.Validation;
using CodeFirst.AspNetCore.Errors;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Serves a unary method: validates the request, calls the service and translates an unexpected failure
/// (<see cref="CallFailureTranslator"/>). A call the service completes synchronously costs no state machine.
/// </summary>
internal sealed class UnaryMethodHandler<TService, TRequest, TResponse>(
    Func<TService, TRequest, CallContext, ValueTask<TResponse>> call, CallFailureTranslator translator)
    where TService : class
    where TRequest : class
{
    // The request type's rules, resolved once for every call of the method.
    private readonly MessageValidator<TRequest> _validator = MessageValidator.For<TRequest>();

    public Task<TResponse> Handle(TService service, TRequest request, ServerCallContext context)
    {
        _validator.ThrowIfInvalid(request);
        ValueTask<TResponse> pending;
        try
        {
            pending = call(service, request, new CallContext(service, context));
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }

        return pending.IsCompletedSuccessfully ? pending.AsTask() : AwaitAsync(pending, context);
    }

    private async Task<TResponse> AwaitAsync(ValueTask<TResponse> pending, ServerCallContext context)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }
    }
}
