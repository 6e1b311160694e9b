using System.Buffers.Binary;
using System.IO.Pipelines;
using CodeFirst.AspNetCore;
using CodeFirst.AspNetCore.Grpc.Framing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodeFirst.Tests;

/// <summary>The frame guard's timer on a message left half sent, over a plain pipe standing in for the request body.</summary>
public sealed class GrpcFrameGuardReaderTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAsync_MessageHalfSentThenSilent_ThrowsDeadlineExceeded()
    {
        var body = new Pipe();
        var reader = new GrpcFrameGuardReader(body.Reader, Idle);
        await body.Writer.WriteAsync(Prefix(100).Concat(new byte[10]).ToArray());
        var first = await reader.ReadAsync().AsTask().WaitAsync(Bound);
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        var act = () => reader.ReadAsync().AsTask().WaitAsync(Bound);

        (await act.Should().ThrowAsync<RpcException>()).Which.Status.Should().Be(
            new Status(StatusCode.DeadlineExceeded, "The client sent part of a message and then nothing for 0.2 s."));
    }

    [Fact]
    public async Task ReadAsync_PartOfAPrefix_IsInsideAMessage()
    {
        var body = new Pipe();
        var reader = new GrpcFrameGuardReader(body.Reader, Idle);
        await body.Writer.WriteAsync(new byte[] { 0, 0 });
        var first = await reader.ReadAsync().AsTask().WaitAsync(Bound);
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);

        var act = () => reader.ReadAsync().AsTask().WaitAsync(Bound);

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task ReadAsync_BetweenMessages_WaitsUntimed()
    {
        var body = new Pipe();
        var reader = new GrpcFrameGuardReader(body.Reader, Idle);
        await body.Writer.WriteAsync(Prefix(2).Concat(new byte[] { 0x08, 0x01 }).ToArray());
        var first = await reader.ReadAsync().AsTask().WaitAsync(Bound);
        reader.AdvanceTo(first.Buffer.End);

        var next = reader.ReadAsync().AsTask();
        await Task.Delay(Idle * 3);
        next.IsCompleted.Should().BeFalse("a wait between messages is the application's to time");
        await body.Writer.WriteAsync(Prefix(0));

        (await next.WaitAsync(Bound)).Buffer.Length.Should().Be(5);
    }

    [Fact]
    public async Task ReadAsync_MessageArrivingSteadily_IsNotEnded()
    {
        // Four pauses of a tenth of the timeout: longer than the timeout in all only on a slow machine, never one wait.
        var timeout = TimeSpan.FromSeconds(1);
        var body = new Pipe();
        var reader = new GrpcFrameGuardReader(body.Reader, timeout);
        await body.Writer.WriteAsync(Prefix(4));
        for (var i = 0; i < 4; i++)
        {
            var read = await reader.ReadAsync().AsTask().WaitAsync(Bound);
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            await Task.Delay(timeout / 10);
            await body.Writer.WriteAsync(new byte[] { 1 });
        }

        (await reader.ReadAsync().AsTask().WaitAsync(Bound)).Buffer.Length.Should().Be(9, "no wait for a byte was as long as the timeout");
    }

    [Fact]
    public async Task ReadAsync_CallerCancelsInsideAMessage_ThrowsOperationCanceled()
    {
        var body = new Pipe();
        var reader = new GrpcFrameGuardReader(body.Reader, TimeSpan.FromMinutes(1));
        await body.Writer.WriteAsync(Prefix(100));
        var first = await reader.ReadAsync().AsTask().WaitAsync(Bound);
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);
        using var caller = new CancellationTokenSource(Idle);

        var act = () => reader.ReadAsync(caller.Token).AsTask().WaitAsync(Bound);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void MessageIdleTimeout_ByDefault_IsThirtySeconds() =>
        Options(_ => { }).MessageIdleTimeout.Should().Be(TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void MessageIdleTimeout_ZeroOrNegative_FailsNamingIt(int seconds)
    {
        var act = () => Options(o => o.MessageIdleTimeout = TimeSpan.FromSeconds(seconds));

        act.Should().Throw<OptionsValidationException>().WithMessage("*MessageIdleTimeout must be positive, or infinite*");
    }

    private static byte[] Prefix(uint length)
    {
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), length);
        return prefix;
    }

    private static GrpcRequestBodyOptions Options(Action<GrpcRequestBodyOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddValidatedCodeFirstGrpc();
        services.Configure(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GrpcRequestBodyOptions>>().Value;
    }
}
