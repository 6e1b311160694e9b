using Grpc.Core;
using CodeFirst.Validation;
using CodeFirst.AspNetCore.Errors;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Serves a server-streaming method: validates the request, writes each answer the service yields, and translates an
/// unexpected failure.
/// </summary>
internal sealed class ServerStreamingMethodHandler<TService, TRequest, TResponse>(
    Func<TService, TRequest, CallContext, IAsyncEnumerable<TResponse>> call, CallFailureTranslator translator)
    where TService : class
    where TRequest : class
{
    // The request type's rules, resolved once for every call of the method.
    private readonly MessageValidator<TRequest> _validator = MessageValidator.For<TRequest>();

    public Task Handle(TService service, TRequest request, IServerStreamWriter<TResponse> responses, ServerCallContext context)
    {
        _validator.ThrowIfInvalid(request);
        return ResponseStream.WriteAllAsync(call(service, request, new CallContext(service, context)), responses, context, translator);
    }
}
