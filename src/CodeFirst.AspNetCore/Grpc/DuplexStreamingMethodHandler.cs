using Grpc.Core;
using CodeFirst.Validation;
using CodeFirst.AspNetCore.Errors;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Serves a duplex method: the service reads validated requests (<see cref="ValidatedRequestStream{TRequest}"/>) and each answer it
/// yields is written; an unexpected failure is translated. Answers to earlier messages stay sent when a later one is
/// invalid.
/// </summary>
internal sealed class DuplexStreamingMethodHandler<TService, TRequest, TResponse>(
    Func<TService, IAsyncEnumerable<TRequest>, CallContext, IAsyncEnumerable<TResponse>> call, CallFailureTranslator translator)
    where TService : class
    where TRequest : class
{
    // The request type's rules, resolved once for every call of the method.
    private readonly MessageValidator<TRequest> _validator = MessageValidator.For<TRequest>();

    public Task Handle(TService service, IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses, ServerCallContext context) =>
        ResponseStream.WriteAllAsync(
            call(service, new ValidatedRequestStream<TRequest>(requests, context.CancellationToken, _validator), new CallContext(service, context)), responses, context, translator);
}
