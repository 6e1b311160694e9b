using ProtoBuf.Grpc;

namespace ProdStock.Services;

/// <summary>
/// Declares that a service's methods read only the cancellation token, deadline and write options of their
/// <see cref="CallContext"/>. The host then passes a context without <see cref="CallContext.RequestHeaders"/> and
/// without <see cref="CallContext.ServerCallContext"/>, like the one the REST gateway passes: protobuf-net.Grpc's server
/// <see cref="CallContext"/> copies every request header into a new <c>Metadata</c> on each call (about 200 bytes), which
/// a service that never reads them should not pay for. Remove the attribute before a method starts reading headers.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LeanCallContextAttribute : Attribute;
