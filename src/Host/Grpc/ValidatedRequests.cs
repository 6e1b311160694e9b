using System.Runtime.CompilerServices;
using Grpc.Core;
using ProdStock.Contracts.Validation;

namespace ProdStock.Host.Grpc;

/// <summary>
/// A call's request stream as the service reads it: each message is validated as it arrives, and an invalid one ends
/// the call with <c>INVALID_ARGUMENT</c> before the service sees it.
/// </summary>
internal static class ValidatedRequests
{
    public static async IAsyncEnumerable<TRequest> Read<TRequest>(
        IAsyncStreamReader<TRequest> requests, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : class
    {
        while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var request = requests.Current;
            MessageValidator.ThrowIfInvalid(request);
            yield return request;
        }
    }
}
