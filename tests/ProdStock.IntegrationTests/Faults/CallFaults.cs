using System.Net.Http;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using ProdStock.Contracts;
using ProdStock.Testing;
using ProtoBuf.Grpc;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// Faults of the call rather than of the message: a message over the host's receive limit, and streaming calls that
/// the client cancels or lets run past their deadline while the request stream is still open.
/// </summary>
public static class CallFaults
{
    /// <summary>The default receive limit of Grpc.AspNetCore (the host does not change it).</summary>
    public const int ReceiveLimit = 4 * 1024 * 1024;

    /// <summary>HTTP/2's <c>CANCEL</c> error code, which a gRPC server resets a stream with at its deadline.</summary>
    private const long Http2Cancel = 0x8;

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static b => b, static b => b);

    /// <summary>
    /// A valid <c>UserScoreRequest</c> of more than 4 MB: <c>users { user_id: 1 }</c> (bytes 0A 02 08 01) repeated.
    /// </summary>
    public static byte[] OversizedUserScoreRequest() => Abuse.UserStreamCalls.Request((ReceiveLimit + (256 * 1024)) / 4);

    /// <summary>Sends raw bytes as the request of a unary method and returns how the call failed.</summary>
    public static async Task<RpcException> SendRawUnaryExpectingFailureAsync(GrpcChannel channel, string service, string method, byte[] payload)
    {
        var definition = new Method<byte[], byte[]>(MethodType.Unary, service, method, Bytes, Bytes);
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(definition, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)), payload);
        try
        {
            await call.ResponseAsync.DefaultTimeout();
        }
        catch (RpcException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException($"{service}/{method} with {payload.Length} bytes succeeded, but the host must refuse it");
    }

    /// <summary>
    /// Opens a client-streaming call, sends one message and leaves the request stream open; runs
    /// <paramref name="whileOpen"/>, then cancels the call. Returns what the call ended with.
    /// </summary>
    public static async Task<Exception> CancelClientStreamMidwayAsync(IUserService users, Func<Task> whileOpen)
    {
        using var cts = new CancellationTokenSource();
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        await requests.Writer.WriteAsync(FaultTable.Users(1)).DefaultTimeout();
        var context = new CallContext(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: cts.Token));
        var call = users.GetUserScoreByClientStreamAsync(requests.Reader.ReadAllAsync(), context).AsTask();
        try
        {
            await whileOpen();
            await cts.CancelAsync().DefaultTimeout();
            return await FailureOf(call);
        }
        finally
        {
            requests.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Opens a duplex call, has one message answered and leaves the request stream open; runs <paramref name="whileOpen"/>,
    /// then cancels the call. Returns what reading the next answer ended with.
    /// </summary>
    public static async Task<Exception> CancelDuplexStreamMidwayAsync(IUserService users, Func<Task> whileOpen)
    {
        using var cts = new CancellationTokenSource();
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        var context = new CallContext(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: cts.Token));
        var responses = users.GetUserScoreByDoubleEndStreamAsync(requests.Reader.ReadAllAsync(), context).GetAsyncEnumerator();
        try
        {
            await requests.Writer.WriteAsync(FaultTable.Users(1)).DefaultTimeout();
            (await responses.MoveNextAsync().DefaultTimeout()).Should().BeTrue("the first message is answered while the stream is open");
            await whileOpen();
            await cts.CancelAsync().DefaultTimeout();
            return await FailureOf(responses.MoveNextAsync().AsTask());
        }
        finally
        {
            requests.Writer.TryComplete();
            await DisposeQuietlyAsync(responses);
        }
    }

    /// <summary>
    /// Opens a client-streaming call with a short deadline, sends one message and never completes the request stream;
    /// runs <paramref name="whileOpen"/> while the call is open. Returns what the call ended with.
    /// </summary>
    public static async Task<Exception> OverrunClientStreamDeadlineAsync(IUserService users, TimeSpan deadline, Func<Task> whileOpen)
    {
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        await requests.Writer.WriteAsync(FaultTable.Users(1)).DefaultTimeout();
        var context = new CallContext(new CallOptions(deadline: DateTime.UtcNow.Add(deadline)));
        var call = users.GetUserScoreByClientStreamAsync(requests.Reader.ReadAllAsync(), context).AsTask();
        try
        {
            await whileOpen();
            return await FailureOf(call);
        }
        finally
        {
            requests.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Opens a duplex call with a short deadline on the transport's own API (no request pump that could turn the deadline
    /// into a cancellation), has one message answered and never completes the request stream; runs
    /// <paramref name="whileOpen"/> while the call is open. Returns what reading the next answer ended with.
    /// </summary>
    public static async Task<Exception> OverrunDuplexStreamDeadlineAsync(GrpcChannel channel, TimeSpan deadline, Func<Task> whileOpen)
    {
        var definition = new Method<byte[], byte[]>(MethodType.DuplexStreaming, ProtoNames.UserService, "GetUserScoreByDoubleEndStream", Bytes, Bytes);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(definition, null, new CallOptions(deadline: DateTime.UtcNow.Add(deadline)));
        // UserScoreRequest{users{user_id 1}}
        await call.RequestStream.WriteAsync([0x0A, 0x02, 0x08, 0x01]).DefaultTimeout();
        (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout()).Should().BeTrue("the first message is answered while the stream is open");
        await whileOpen();
        return await FailureOf(call.ResponseStream.MoveNext(CancellationToken.None));
    }

    /// <summary>
    /// Whether a call that overran its deadline ended as such: <c>DEADLINE_EXCEEDED</c>, or <c>CANCELLED</c> read from the
    /// <c>RST_STREAM(CANCEL)</c> that Grpc.AspNetCore sends right after its <c>DEADLINE_EXCEEDED</c> trailers. HttpClient can
    /// surface that reset before the trailers, and Grpc.Net.Client then reports <c>DEADLINE_EXCEEDED</c> only if its own clock
    /// has passed the deadline; the server's deadline timer runs on a coarse clock and fires up to a few milliseconds early
    /// (here, 73 of 200 timers of 300 ms fired before <see cref="DateTime.UtcNow"/> reached their time, by up to 3 ms), so
    /// now and then it has not. A <c>CANCELLED</c> the server wrote in its trailers carries no reset and does not count.
    /// </summary>
    public static bool EndedByDeadline(Exception error) =>
        error is RpcException { StatusCode: StatusCode.DeadlineExceeded }
            or RpcException { StatusCode: StatusCode.Cancelled, Status.DebugException: HttpProtocolException { ErrorCode: Http2Cancel } };

    /// <summary>
    /// Whether a call ended as cancelled by its client: <c>CANCELLED</c>, or the <see cref="OperationCanceledException"/>
    /// protobuf-net.Grpc throws when the cancellation comes while it is still sending a client stream.
    /// </summary>
    public static bool IsCancellation(Exception error) =>
        error is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };

    private static async Task<Exception> FailureOf(Task call)
    {
        try
        {
            await call.DefaultTimeout();
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException("the call completed normally, but it was cancelled or past its deadline");
    }

    /// <summary>Disposes a response stream whose call has already ended, bounded in time.</summary>
    public static async Task DisposeQuietlyAsync<T>(IAsyncEnumerator<T> enumerator)
    {
        try
        {
            await enumerator.DisposeAsync().AsTask().DefaultTimeout();
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // The call has already failed; disposing it reports that again.
        }
    }
}
