using Grpc.Core;
using CodeFirst.Validation;
using CodeFirst.AspNetCore.Errors;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Serves a client-streaming method: the service reads the requests as an <see cref="IAsyncEnumerable{T}"/> that
/// validates each message as it arrives (<see cref="ValidatedRequestStream{TRequest}"/>); an unexpected failure is translated.
/// </summary>
internal sealed class ClientStreamingMethodHandler<TService, TRequest, TResponse>(
    Func<TService, IAsyncEnumerable<TRequest>, CallContext, ValueTask<TResponse>> call, CallFailureTranslator translator)
    where TService : class
    where TRequest : class
{
    // The request type's rules, resolved once for every call of the method.
    private readonly MessageValidator<TRequest> _validator = MessageValidator.For<TRequest>();

    public async Task<TResponse> Handle(TService service, IAsyncStreamReader<TRequest> requests, ServerCallContext context)
    {
        try
        {
            return await call(service, new ValidatedRequestStream<TRequest>(requests, context.CancellationToken, _validator), new CallContext(service, context)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }
    }
}
