using Grpc.Net.Compression;
using System.IO.Compression;

namespace CodeFirst.AspNetCore.Grpc.Framing;

/// <summary>
/// Wraps a compression provider so that a request message's decompression is bounded by the receive limit and corrupt
/// compressed data is a status with our words. Grpc.AspNetCore checks the limit against the compressed size only, and
/// ends a call whose gzip or deflate data is corrupt as <c>UNKNOWN</c>, logging an error with a stack trace.
/// </summary>
internal sealed class BoundedDecompressionProvider(ICompressionProvider inner, int? maxMessageSize) : ICompressionProvider
{
    public ICompressionProvider Inner => inner;

    public string EncodingName => inner.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new BoundedDecompressionStream(inner.CreateDecompressionStream(stream), EncodingName, maxMessageSize);
}
