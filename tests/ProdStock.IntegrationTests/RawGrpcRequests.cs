using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>
/// gRPC requests as raw HTTP/2 POSTs, for what no gRPC client sends: hand-made message prefixes, corrupt compressed
/// payloads, any <c>grpc-timeout</c> text.
/// </summary>
internal static class RawGrpcRequests
{
    /// <summary>A message with its five-byte prefix: <paramref name="flag"/> (compressed) and a declared length, which may lie.</summary>
    public static byte[] Frame(byte flag, long declaredLength, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)declaredLength);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A message as sent uncompressed: its true length in the prefix.</summary>
    public static byte[] Frame(byte[] payload) => Frame(0, payload.Length, payload);

    /// <summary>
    /// Posts <paramref name="body"/> to <paramref name="path"/> with the given request headers (<c>grpc-encoding</c>,
    /// <c>grpc-timeout</c> …) and returns the call's status, from the trailers or a trailers-only answer.
    /// </summary>
    public static Task<(StatusCode Code, string Detail)> SendAsync(HttpClient http, Uri address, string path, byte[] body, params (string Name, string Value)[] headers) =>
        SendAsync(http, address, path, new ByteArrayContent(body), headers);

    /// <summary>As above, with a body that <paramref name="content"/> writes as it likes (a part, then a pause …).</summary>
    public static async Task<(StatusCode Code, string Detail)> SendAsync(HttpClient http, Uri address, string path, HttpContent content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request).DefaultTimeout();
        await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "gRPC answers every call with HTTP 200 and its status in grpc-status");
        var source = response.TrailingHeaders.Contains("grpc-status") ? (HttpHeaders)response.TrailingHeaders : response.Headers;
        var code = (StatusCode)int.Parse(source.GetValues("grpc-status").Single(), CultureInfo.InvariantCulture);
        var detail = source.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.Single()) : "";
        return (code, detail);
    }
}
