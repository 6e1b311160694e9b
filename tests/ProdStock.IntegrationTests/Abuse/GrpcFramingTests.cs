using System.IO.Compression;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Abuse;

/// <summary>
/// gRPC message prefixes and compressed payloads that Grpc.AspNetCore alone answers <c>UNKNOWN</c> "Exception was
/// thrown by handler." (logging an error with a stack trace): each gets a status that says what is wrong, in our words,
/// and the host goes on serving. Sent as raw HTTP/2 requests, since no gRPC client writes such frames.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class GrpcFramingTests(HostFixture fixture)
{
    private const string GetProdStock = "/services.ProdService/GetProdStock";
    private const string ServerStream = "/services.UserService/GetUserScoreByServerStream";
    private const string ClientStream = "/services.UserService/GetUserScoreByClientStream";

    // ProdRequest{prod_id 1} and UserScoreRequest{users{user_id 1}}.
    private static readonly byte[] ProdRequestBytes = [0x08, 0x01];
    private static readonly byte[] UserScoreRequestBytes = [0x0A, 0x02, 0x08, 0x01];

    public static TheoryData<string, string> Methods => new()
    {
        { "unary", GetProdStock },
        { "server streaming", ServerStream },
        { "client streaming", ClientStream },
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Call_LengthPrefixOf2GiBOrMore_ReturnsResourceExhausted(string kind, string path)
    {
        var status = await SendAsync(path, RawGrpcRequests.Frame(0, 0x8000_0000, [0x08, 0x01]));

        status.Should().Be((StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."), kind);
        await HostStillServesAsync();
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Call_CompressedFlagOtherThanZeroOrOne_ReturnsInternalNamingTheFlag(string kind, string path)
    {
        var status = await SendAsync(path, RawGrpcRequests.Frame(7, 2, [0x08, 0x01]));

        status.Code.Should().Be(StatusCode.Internal, kind);
        status.Detail.Should().Be("Invalid gRPC message prefix: compressed flag 7 (expected 0 or 1).");
        await HostStillServesAsync();
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task UnaryCall_CorruptCompressedPayload_ReturnsInternalNamingTheEncoding(string encoding)
    {
        byte[] garbage = [0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x02];

        var status = await SendAsync(GetProdStock, RawGrpcRequests.Frame(1, garbage.Length, garbage), encoding);

        status.Should().Be((StatusCode.Internal, $"The request message is not valid {encoding} data."));
        await HostStillServesAsync();
    }

    [Fact]
    public async Task ClientStreamingCall_CorruptGzipAfterAValidMessage_ReturnsInternal()
    {
        var valid = Compress("gzip", UserScoreRequestBytes);
        byte[] garbage = [0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x02];

        var status = await SendAsync(ClientStream, [.. RawGrpcRequests.Frame(1, valid.Length, valid), .. RawGrpcRequests.Frame(1, garbage.Length, garbage)], "gzip");

        status.Should().Be((StatusCode.Internal, "The request message is not valid gzip data."));
    }

    [Fact]
    public async Task UnaryCall_GzipThatDecompressesPastTheReceiveLimit_ReturnsResourceExhausted()
    {
        // 64 MiB of zeros compress to about 64 KB: under the 4 MiB limit on the wire, far over it decompressed.
        var bomb = Compress("gzip", new byte[64 * 1024 * 1024]);

        var status = await SendAsync(GetProdStock, RawGrpcRequests.Frame(1, bomb.Length, bomb), "gzip");

        status.Code.Should().Be(StatusCode.ResourceExhausted);
        status.Detail.Should().StartWith("Received message exceeds the maximum configured message size.");
        await HostStillServesAsync();
    }

    [Fact]
    public async Task UnaryCall_ValidGzipMessage_IsServed()
    {
        var compressed = Compress("gzip", ProdRequestBytes);

        var status = await SendAsync(GetProdStock, RawGrpcRequests.Frame(1, compressed.Length, compressed), "gzip");

        status.Code.Should().Be(StatusCode.OK);
    }

    [Fact]
    public async Task ServerStreamingCall_SeveralValidMessagesInOneBody_AreReadPastEachPrefix()
    {
        // Two messages where one is expected: the guard must find the second prefix where it is and let
        // Grpc.AspNetCore refuse the extra message as it always has (not a framing error of ours).
        var status = await SendAsync(ServerStream, [.. RawGrpcRequests.Frame(0, UserScoreRequestBytes.Length, UserScoreRequestBytes), .. RawGrpcRequests.Frame(0, UserScoreRequestBytes.Length, UserScoreRequestBytes)]);

        status.Code.Should().Be(StatusCode.Internal);
        status.Detail.Should().Be("Additional data after the message received.");
    }

    private static byte[] Compress(string encoding, byte[] data)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "gzip" ? new GZipStream(output, CompressionLevel.Fastest) : new ZLibStream(output, CompressionLevel.Fastest))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Posts <paramref name="body"/> as one gRPC request and returns the call's status.</summary>
    private async Task<(StatusCode Code, string Detail)> SendAsync(string path, byte[] body, string? encoding = null)
    {
        using var http = new HttpClient(TestTlsHandler.Create(fixture.Certificates.Authority, fixture.Certificates.Client)) { Timeout = TimeSpan.FromSeconds(20) };
        return await RawGrpcRequests.SendAsync(http, fixture.Address, path, body, encoding is null ? [] : [("grpc-encoding", encoding)]);
    }

    private async Task HostStillServesAsync()
    {
        using var client = fixture.CreateClient();
        (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout()).ProdId.Should().Be(1);
    }
}
