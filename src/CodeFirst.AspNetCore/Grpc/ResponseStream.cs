using Grpc.Core;
using CodeFirst.AspNetCore.Errors;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>Writes what a streaming service method yields to the call's response stream.</summary>
internal static class ResponseStream
{
    public static async Task WriteAllAsync<TResponse>(
        IAsyncEnumerable<TResponse> answers, IServerStreamWriter<TResponse> responses, ServerCallContext context, CallFailureTranslator translator)
    {
        try
        {
            await foreach (var answer in answers.WithCancellation(context.CancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(answer).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw translator.Translate(ex, context);
        }
    }
}
