using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using CodeFirst.AspNetCore;
using CodeFirst.AspNetCore.Errors;
using ProdStock.UnitTests.Host.Grpc;

namespace ProdStock.UnitTests.Host.Errors;

public sealed class CallFailureTranslatorTests
{
    private readonly CallFailureTranslator _translator = new(NullLogger<CallFailureTranslator>.Instance);

    [Fact]
    public void Translate_RpcException_IsKeptAsIs()
    {
        var error = new RpcException(new Status(StatusCode.NotFound, "nope"));

        _translator.Translate(error, "m", cancelled: false, deadlineExceeded: false).Should().BeSameAs(error);
    }

    [Theory]
    [InlineData(false, StatusCode.Cancelled)]
    [InlineData(true, StatusCode.DeadlineExceeded)]
    public void Translate_AnyExceptionOfACancelledCall_IsCancelledOrDeadlineExceeded(bool deadlineExceeded, StatusCode expected)
    {
        var reset = new IOException("The client reset the request stream.");

        _translator.Translate(reset, "m", cancelled: true, deadlineExceeded).StatusCode.Should().Be(expected);
    }

    [Fact]
    public void Translate_TokenCancelledBeforeTheClockReachesTheDeadlineWithTheRequestNotAborted_IsDeadlineExceeded()
    {
        // Grpc.AspNetCore's deadline timer fires up to a few ms before DateTime.UtcNow reaches the deadline.
        using var deadlineTimer = new CancellationTokenSource();
        deadlineTimer.Cancel();
        var context = new FakeServerCallContext(deadlineTimer.Token, DateTime.UtcNow.AddSeconds(30), new DefaultHttpContext());

        _translator.Translate(new OperationCanceledException(deadlineTimer.Token), context).StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public void Translate_ClientResetBeforeTheDeadline_IsCancelled()
    {
        using var reset = new CancellationTokenSource();
        reset.Cancel();
        var http = new DefaultHttpContext { RequestAborted = reset.Token };
        var context = new FakeServerCallContext(reset.Token, DateTime.UtcNow.AddSeconds(30), http);

        _translator.Translate(new IOException("The client reset the request stream."), context).StatusCode.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public void Translate_CancelledPastTheDeadline_IsDeadlineExceeded()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var context = new FakeServerCallContext(cancelled.Token, DateTime.UtcNow.AddSeconds(-1));

        _translator.Translate(new OperationCanceledException(), context).StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Translate_CancelledCallWithoutADeadline_IsCancelled(bool hostedByAspNetCore)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var context = new FakeServerCallContext(cancelled.Token, httpContext: hostedByAspNetCore ? new DefaultHttpContext() : null);

        _translator.Translate(new OperationCanceledException(), context).StatusCode.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public void Translate_CancelledBeforeTheDeadlineOutsideAspNetCore_IsCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var context = new FakeServerCallContext(cancelled.Token, DateTime.UtcNow.AddSeconds(30));

        _translator.Translate(new OperationCanceledException(), context).StatusCode.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public void Translate_UnexpectedException_IsInternalWithAnErrorIdAndNoDetails()
    {
        var error = _translator.Translate(new InvalidOperationException("secret"), "m", cancelled: false, deadlineExceeded: false);

        error.StatusCode.Should().Be(StatusCode.Internal);
        error.Status.Detail.Should().MatchRegex("^internal error [0-9a-f]{12}; the server log has the details$").And.NotContain("secret");
    }

    [Fact]
    public void GetErrorId_InternalMadeFromAnUnexpectedException_IsTheIdItsMessageNames()
    {
        var error = _translator.Translate(new InvalidOperationException("secret"), "m", cancelled: false, deadlineExceeded: false);

        var errorId = error.GetErrorId();

        errorId.Should().MatchRegex("^[0-9a-f]{12}$");
        error.Status.Detail.Should().Be($"internal error {errorId}; the server log has the details");
    }

    [Fact]
    public void GetErrorId_StatusThrownByAService_IsNull()
    {
        var error = _translator.Translate(new RpcException(new Status(StatusCode.Internal, "internal error 0123456789ab; made up")), "m", cancelled: false, deadlineExceeded: false);

        error.GetErrorId().Should().BeNull();
    }
}
