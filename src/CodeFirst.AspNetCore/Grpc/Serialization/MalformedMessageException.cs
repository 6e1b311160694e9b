using ProtoBuf;

namespace CodeFirst.AspNetCore.Grpc.Serialization;

/// <summary>
/// Malformed input found by the toolkit's own codec. Its message is ours and safe to show a client, unlike the texts of
/// protobuf-net or the runtime, which <see cref="MalformedMessage"/> replaces.
/// </summary>
internal sealed class MalformedMessageException(string message) : ProtoException(message);
