using Grpc.Core;
using Grpc.Net.Client;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// The UserService's streaming calls on the transport's own API with raw bytes, so a test decides exactly when it
/// sends, reads or stops doing either (the typed client pumps streams by itself).
/// </summary>
internal static class UserStreamCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(static b => b, static b => b);

    /// <summary>A <c>UserScoreRequest</c> naming user 1 <paramref name="users"/> times (<c>users { user_id: 1 }</c> is 0A 02 08 01).</summary>
    public static byte[] Request(int users)
    {
        var payload = new byte[users * 4];
        for (var i = 0; i < payload.Length; i += 4)
        {
            payload[i] = 0x0A;
            payload[i + 1] = 0x02;
            payload[i + 2] = 0x08;
            payload[i + 3] = 0x01;
        }

        return payload;
    }

    public static AsyncServerStreamingCall<byte[]> ServerStream(GrpcChannel channel, int users) =>
        channel.CreateCallInvoker().AsyncServerStreamingCall(Method(MethodType.ServerStreaming, "GetUserScoreByServerStream"), null, Options(), Request(users));

    public static AsyncClientStreamingCall<byte[], byte[]> ClientStream(GrpcChannel channel) =>
        channel.CreateCallInvoker().AsyncClientStreamingCall(Method(MethodType.ClientStreaming, "GetUserScoreByClientStream"), null, Options());

    public static AsyncDuplexStreamingCall<byte[], byte[]> Duplex(GrpcChannel channel) =>
        channel.CreateCallInvoker().AsyncDuplexStreamingCall(Method(MethodType.DuplexStreaming, "GetUserScoreByDoubleEndStream"), null, Options());

    public static AsyncUnaryCall<byte[]> Unary(GrpcChannel channel, int users, DateTime? deadline = null) =>
        channel.CreateCallInvoker().AsyncUnaryCall(Method(MethodType.Unary, "GetUserScore"), null, Options(deadline), Request(users));

    /// <summary>Reads the rest of a stream; returns how many messages came and the exception that ended it, if any.</summary>
    public static async Task<(int Messages, RpcException? Error)> DrainAsync(IAsyncStreamReader<byte[]> responses)
    {
        var count = 0;
        try
        {
            while (await responses.MoveNext(CancellationToken.None).DefaultTimeout())
            {
                count++;
            }
        }
        catch (RpcException ex)
        {
            return (count, ex);
        }

        return (count, null);
    }

    private static Method<byte[], byte[]> Method(MethodType type, string name) => new(type, ProtoNames.UserService, name, Bytes, Bytes);

    // A deadline far beyond any test, so only the host's own limits end a call.
    private static CallOptions Options(DateTime? deadline = null) => new(deadline: deadline ?? DateTime.UtcNow.AddMinutes(2));
}
