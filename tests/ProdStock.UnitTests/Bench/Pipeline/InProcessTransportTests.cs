using System.Buffers;
using System.Text;
using ProdStock.Bench.Pipeline;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench.Pipeline;

/// <summary>The in-process transport behaves as Kestrel does where the servers' pipelines depend on it.</summary>
public sealed class InProcessTransportTests
{
    [Fact]
    public void OpenStream_ServerNotStarted_ThrowsInvalidOperation()
    {
        using var server = new InProcessServer();

        var open = () => server.OpenStream();

        open.Should().Throw<InvalidOperationException>().WithMessage("The application has not started*");
    }

    [Fact]
    public async Task Flush_FirstOfTheResponse_RunsOnStartingCallbacksOnceLastRegisteredFirst()
    {
        var response = new InProcessResponse();
        var order = new List<string>();
        response.OnStarting(_ => { order.Add("first"); return Task.CompletedTask; }, new object());
        response.OnStarting(_ => { order.Add("second"); return Task.CompletedTask; }, new object());

        response.Writer.Write("ab"u8);
        await response.Writer.FlushAsync().DefaultTimeout();
        await response.Writer.FlushAsync().DefaultTimeout();
        await response.CompleteAsync().DefaultTimeout();

        order.Should().Equal("second", "first");
        response.HasStarted.Should().BeTrue();
        Encoding.ASCII.GetString(response.WrittenBody.Span).Should().Be("ab");
    }

    [Fact]
    public async Task Reset_AfterACall_EmptyBodyHeadersTrailersAndNotStarted()
    {
        var response = new InProcessResponse();
        response.Headers["grpc-status"] = "5";
        response.Trailers["grpc-status"] = "0";
        response.StatusCode = 404;
        response.Writer.Write("x"u8);
        await response.CompleteAsync().DefaultTimeout();

        response.Reset();

        response.StatusCode.Should().Be(200);
        response.Headers.Should().BeEmpty();
        response.Trailers.Should().BeEmpty();
        response.HasStarted.Should().BeFalse();
        response.WrittenBody.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task FireOnCompletedAsync_TwoCallbacks_LastRegisteredFirst()
    {
        var response = new InProcessResponse();
        var order = new List<int>();
        response.OnCompleted(_ => { order.Add(1); return Task.CompletedTask; }, new object());
        response.OnCompleted(_ => { order.Add(2); return Task.CompletedTask; }, new object());

        await response.FireOnCompletedAsync().DefaultTimeout();

        order.Should().Equal(2, 1);
    }

    [Fact]
    public async Task ReadAsync_PartlyConsumed_ReturnsTheRestCompleted()
    {
        var body = new InProcessRequestBody();
        body.Reset(new byte[] { 1, 2, 3, 4 });

        var first = await body.ReadAsync().DefaultTimeout();
        body.AdvanceTo(first.Buffer.GetPosition(3), first.Buffer.End);
        var second = await body.ReadAsync().DefaultTimeout();

        first.IsCompleted.Should().BeTrue();
        second.Buffer.ToArray().Should().Equal(4);
        second.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void TryRead_AfterComplete_ThrowsObjectDisposed()
    {
        var body = new InProcessRequestBody();
        body.Reset(new byte[] { 1 });
        body.Complete();

        var read = () => body.TryRead(out _);

        read.Should().Throw<ObjectDisposedException>();
    }
}
