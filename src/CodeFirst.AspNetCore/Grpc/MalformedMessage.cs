using CodeFirst.AspNetCore.Grpc.Serialization;
using CodeFirst.Model;
using Grpc.Core;
using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// The <c>INVALID_ARGUMENT</c> a request that is not valid protobuf for its message type ends its call with. The client
/// reads our words: protobuf-net's and the runtime's texts ("Invalid wire-type … see https://stackoverflow.com/…",
/// "Maximum model depth exceeded (see TypeModel.MaxDepth)", "Arithmetic operation resulted in an overflow.") describe
/// the library, not the request; the original exception stays on the status for the server's log.
/// </summary>
internal static class MalformedMessage
{
    /// <summary>Whether a decoding failure means the input was not valid protobuf for the type.</summary>
    public static bool IsMalformedInput(Exception ex) =>
        ex is ProtoException or EndOfStreamException or ArgumentException or OverflowException or InvalidOperationException;

    /// <summary>The <c>INVALID_ARGUMENT</c> for a request of <paramref name="type"/> that failed to decode with <paramref name="ex"/>.</summary>
    public static RpcException ToRpcException(Type type, Exception ex)
    {
        var name = ProtoTypeName.Of(type);
        return new RpcException(new Status(StatusCode.InvalidArgument, $"invalid {name}: the request is not a valid protobuf {name} message ({Describe(ex)})", ex));
    }

    /// <summary>What is wrong with the bytes, in words a client can act on.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        MalformedMessageException ours => ours.Message,
        EndOfStreamException => "it ends inside a field",
        OverflowException or ArgumentOutOfRangeException => "a length or number in it is out of range",
        _ when Mentions(ex, "depth") => "its messages nest too deeply",
        _ when Mentions(ex, "wire-type") || Mentions(ex, "wire type") => "a field has a wire type its declaration does not allow",
        _ when Mentions(ex, "Sub-message") => "a nested message's length does not match its content",
        _ when Mentions(ex, "end of stream") || Mentions(ex, "past the end") => "it ends inside a field",
        _ => "its bytes do not decode as that message",
    };

    private static bool Mentions(Exception ex, string text) => ex.Message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
