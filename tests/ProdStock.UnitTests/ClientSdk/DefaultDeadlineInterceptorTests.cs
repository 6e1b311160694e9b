using Grpc.Core;
using Grpc.Core.Interceptors;
using ProdStock.ClientSdk.Internal;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.ClientSdk;

public sealed class DefaultDeadlineInterceptorTests
{
    private static readonly Method<string, string> Unary = Make(MethodType.Unary);

    private readonly FakeClock _clock = new(new DateTimeOffset(2030, 1, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly RecordingCallInvoker _recorder = new();

    private static Method<string, string> Make(MethodType type) =>
        new(type, "services.ProdService", "GetProdStock", Marshallers.StringMarshaller, Marshallers.StringMarshaller);

    private CallInvoker Intercepted(TimeSpan deadline) => _recorder.Intercept(new DefaultDeadlineInterceptor(deadline, _clock));

    [Fact]
    public void AsyncUnaryCall_NoDeadline_GetsClockPlusDefault()
    {
        // Act
        using var call = Intercepted(TimeSpan.FromSeconds(5)).AsyncUnaryCall(Unary, null, new CallOptions(), "request");

        // Assert
        _recorder.Received.Should().ContainSingle().Which.Deadline.Should().Be(_clock.Now.UtcDateTime.AddSeconds(5));
    }

    [Fact]
    public void AsyncUnaryCall_OwnDeadline_KeepsIt()
    {
        // Arrange
        var own = new DateTime(2030, 1, 1, 10, 0, 1, DateTimeKind.Utc);

        // Act
        using var call = Intercepted(TimeSpan.FromSeconds(5)).AsyncUnaryCall(Unary, null, new CallOptions(deadline: own), "request");

        // Assert
        _recorder.Received.Should().ContainSingle().Which.Deadline.Should().Be(own);
    }

    [Fact]
    public void AsyncUnaryCall_InfiniteDefault_LeavesNoDeadline()
    {
        // Act
        using var call = Intercepted(Timeout.InfiniteTimeSpan).AsyncUnaryCall(Unary, null, new CallOptions(), "request");

        // Assert
        _recorder.Received.Should().ContainSingle().Which.Deadline.Should().BeNull();
    }

    [Fact]
    public void AsyncUnaryCall_DefaultPastDateTimeMax_LeavesNoDeadline()
    {
        // Act
        using var call = Intercepted(TimeSpan.MaxValue).AsyncUnaryCall(Unary, null, new CallOptions(), "request");

        // Assert
        _recorder.Received.Should().ContainSingle().Which.Deadline.Should().BeNull();
    }

    [Fact]
    public void AsyncUnaryCall_NoDeadline_KeepsHeadersAndCancellation()
    {
        // Arrange
        using var cts = new CancellationTokenSource();
        var headers = new Metadata { { "x-test", "kept" } };

        // Act
        using var call = Intercepted(TimeSpan.FromSeconds(5))
            .AsyncUnaryCall(Unary, null, new CallOptions(headers: headers, cancellationToken: cts.Token), "request");

        // Assert
        var options = _recorder.Received.Should().ContainSingle().Subject;
        options.Headers!.GetValue("x-test").Should().Be("kept");
        options.CancellationToken.Should().Be(cts.Token);
        options.Deadline.Should().NotBeNull();
    }

    [Theory]
    [InlineData(MethodType.Unary)]
    [InlineData(MethodType.ServerStreaming)]
    [InlineData(MethodType.ClientStreaming)]
    [InlineData(MethodType.DuplexStreaming)]
    public void Intercept_EachCallKindWithoutDeadline_GetsClockPlusDefault(MethodType type)
    {
        // Arrange
        var invoker = Intercepted(TimeSpan.FromSeconds(7));
        var method = Make(type);

        // Act
        switch (type)
        {
            case MethodType.Unary:
                invoker.BlockingUnaryCall(method, null, new CallOptions(), "request");
                break;
            case MethodType.ServerStreaming:
                invoker.AsyncServerStreamingCall(method, null, new CallOptions(), "request").Dispose();
                break;
            case MethodType.ClientStreaming:
                invoker.AsyncClientStreamingCall(method, null, new CallOptions()).Dispose();
                break;
            default:
                invoker.AsyncDuplexStreamingCall(method, null, new CallOptions()).Dispose();
                break;
        }

        // Assert
        _recorder.Received.Should().ContainSingle().Which.Deadline.Should().Be(_clock.Now.UtcDateTime.AddSeconds(7));
    }

    /// <summary>Records the options of every call it receives and answers each with an empty, completed call.</summary>
    private sealed class RecordingCallInvoker : CallInvoker
    {
        public List<CallOptions> Received { get; } = [];

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Received.Add(options);
            return default!;
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Received.Add(options);
            return new AsyncUnaryCall<TResponse>(Task.FromResult<TResponse>(default!), Headers(), Ok, Trailers, () => { });
        }

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Received.Add(options);
            return new AsyncServerStreamingCall<TResponse>(null!, Headers(), Ok, Trailers, () => { });
        }

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options)
        {
            Received.Add(options);
            return new AsyncClientStreamingCall<TRequest, TResponse>(null!, Task.FromResult<TResponse>(default!), Headers(), Ok, Trailers, () => { });
        }

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options)
        {
            Received.Add(options);
            return new AsyncDuplexStreamingCall<TRequest, TResponse>(null!, null!, Headers(), Ok, Trailers, () => { });
        }

        private static Task<Metadata> Headers() => Task.FromResult(new Metadata());

        private static Status Ok() => Status.DefaultSuccess;

        private static Metadata Trailers() => [];
    }
}
