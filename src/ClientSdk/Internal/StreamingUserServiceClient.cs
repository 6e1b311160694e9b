using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.Validation;
using ProtoBuf.Grpc;

namespace ProdStock.ClientSdk.Internal;

/// <summary>
/// Wraps the code-first <see cref="IUserService"/> proxy so that its client- and duplex-streaming calls behave as a
/// caller expects of a gRPC call:
/// <list type="bullet">
/// <item>The deadline also bounds the enumeration of the caller's request sequence. protobuf-net.Grpc pulls that
/// sequence before it looks at the call's outcome, so a sequence that never completes would otherwise outlive the
/// deadline. At the deadline the call fails with <c>DEADLINE_EXCEEDED</c>. (The sequence must honour the cancellation
/// token it is enumerated with, as <c>ChannelReader.ReadAllAsync</c> and async iterators with
/// <c>[EnumeratorCancellation]</c> do.)</item>
/// <item>When the server ends the call while requests are still being sent (say, a message was rejected), the caller
/// gets the <see cref="RpcException"/> with the server's status rather than protobuf-net's internal wrapper.</item>
/// </list>
/// </summary>
internal sealed class StreamingUserServiceClient(IUserService inner, TimeSpan defaultDeadline, TimeProvider clock, bool validateRequests) : IUserService
{
    public ValueTask<UserScoreResponse> GetUserScoreAsync(UserScoreRequest request, CallContext context = default) =>
        inner.GetUserScoreAsync(request, context);

    public IAsyncEnumerable<UserScoreResponse> GetUserScoreByServerStreamAsync(UserScoreRequest request, CallContext context = default) =>
        inner.GetUserScoreByServerStreamAsync(request, context);

    public async ValueTask<UserScoreResponse> GetUserScoreByClientStreamAsync(IAsyncEnumerable<UserScoreRequest> requests, CallContext context = default)
    {
        var sending = new SendState();
        UserScoreResponse response;
        try
        {
            response = await inner.GetUserScoreByClientStreamAsync(Outgoing(requests, context, sending), context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ServerStatusOf(ex) is { } status)
        {
            ExceptionDispatchInfo.Throw(status);
            throw;
        }

        return sending.Error is { } error ? throw error : response;
    }

    public async IAsyncEnumerable<UserScoreResponse> GetUserScoreByDoubleEndStreamAsync(
        IAsyncEnumerable<UserScoreRequest> requests, CallContext context = default)
    {
        var sending = new SendState();
        await using var responses = inner.GetUserScoreByDoubleEndStreamAsync(Outgoing(requests, context, sending), context).GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await responses.MoveNextAsync().ConfigureAwait(false))
                {
                    if (sending.Error is { } error)
                    {
                        throw error;
                    }

                    yield break;
                }
            }
            catch (Exception ex) when (ServerStatusOf(ex) is { } status)
            {
                ExceptionDispatchInfo.Throw(status);
                throw;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && sending.DeadlinePassed && !context.CancellationToken.IsCancellationRequested)
            {
                // Our deadline bound stopped the sending side, and protobuf-net cancelled the call for it: say why.
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            }

            yield return responses.Current;
        }
    }

    /// <summary>The server's status inside protobuf-net's "could not send, the server had ended the call" wrapper.</summary>
    private static RpcException? ServerStatusOf(Exception exception) =>
        exception is not RpcException && exception.InnerException is RpcException { StatusCode: not StatusCode.OK } status
            && exception.GetType().FullName == "ProtoBuf.Grpc.Internal.IncompleteSendRpcException"
            ? status
            : null;

    /// <summary>
    /// The requests as sent: bounded by the deadline and, when validation is on, ending before the first invalid message
    /// (whose error the caller gets once the call has completed: the server answered the valid ones, nothing invalid was sent).
    /// </summary>
    private IAsyncEnumerable<UserScoreRequest> Outgoing(IAsyncEnumerable<UserScoreRequest> source, CallContext context, SendState sending)
    {
        var bounded = UntilDeadline(source, context, sending);
        return validateRequests ? UntilInvalid(bounded, sending) : bounded;
    }

    private static async IAsyncEnumerable<UserScoreRequest> UntilInvalid(
        IAsyncEnumerable<UserScoreRequest> source, SendState sending, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var request in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var result = MessageValidator.Validate(request);
            if (!result.IsValid)
            {
                sending.Error = result.ToRpcException();
                yield break;
            }

            yield return request;
        }
    }

    private IAsyncEnumerable<T> UntilDeadline<T>(IAsyncEnumerable<T> source, CallContext context, SendState state)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (context.CallOptions.Deadline is { } own && own != DateTime.MaxValue)
        {
            return EndAt(source, own.ToUniversalTime(), state);
        }

        return DefaultDeadline.From(clock.GetUtcNow().UtcDateTime, defaultDeadline) is { } due ? EndAt(source, due, state) : source;
    }

    private async IAsyncEnumerable<T> EndAt<T>(IAsyncEnumerable<T> source, DateTime deadline, SendState state, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var remaining = deadline - clock.GetUtcNow().UtcDateTime;
        expiry.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);

        await using var items = source.GetAsyncEnumerator(expiry.Token);
        while (true)
        {
            bool more;
            try
            {
                more = await items.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                state.DeadlinePassed = true;
                throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
            }

            if (!more)
            {
                yield break;
            }

            yield return items.Current;
        }
    }

    /// <summary>What stopped the sending side of a call early: the first invalid request, or the deadline.</summary>
    private sealed class SendState
    {
        public RpcException? Error { get; set; }

        public bool DeadlinePassed { get; set; }
    }
}
