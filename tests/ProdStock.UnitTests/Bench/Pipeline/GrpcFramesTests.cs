using ProdStock.Bench.Pipeline;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class GrpcFramesTests
{
    [Fact]
    public void Encode_TwoMessages_LengthPrefixedInOrder()
    {
        var body = GrpcFrames.Encode([[1, 2, 3], []]);

        body.Should().Equal(0, 0, 0, 0, 3, 1, 2, 3, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void Decode_EncodedMessages_SameMessagesBack()
    {
        byte[][] messages = [[8, 1], [], Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()];

        var decoded = GrpcFrames.Decode(GrpcFrames.Encode(messages));

        decoded.Select(m => m.ToArray()).Should().BeEquivalentTo(messages, options => options.WithStrictOrdering());
    }

    [Fact]
    public void Decode_EmptyBody_NoMessages() => GrpcFrames.Decode(ReadOnlyMemory<byte>.Empty).Should().BeEmpty();

    [Fact]
    public void Decode_HeaderCutShort_ThrowsFormatException()
    {
        var decode = () => GrpcFrames.Decode(new byte[] { 0, 0, 0 });

        decode.Should().Throw<FormatException>().WithMessage("A message header needs 5 bytes; 3 left.");
    }

    [Fact]
    public void Decode_MessageCutShort_ThrowsFormatException()
    {
        var decode = () => GrpcFrames.Decode(new byte[] { 0, 0, 0, 0, 4, 1, 2 });

        decode.Should().Throw<FormatException>().WithMessage("Message 0 announces 4 bytes; 2 left.");
    }

    [Fact]
    public void Decode_CompressedFlag_ThrowsFormatException()
    {
        var decode = () => GrpcFrames.Decode(new byte[] { 1, 0, 0, 0, 0 });

        decode.Should().Throw<FormatException>().WithMessage("Message 0 is flagged compressed (1)*");
    }
}
