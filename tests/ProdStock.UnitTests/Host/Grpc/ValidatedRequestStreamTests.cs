using System.Threading.Channels;
using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Grpc;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Grpc;

public sealed class ValidatedRequestStreamTests
{
    [Fact]
    public async Task MoveNextAsync_MessagesAlreadyReceived_CompletesSynchronouslyWithEachMessage()
    {
        var first = Request(1);
        var second = Request(2);
        await using var stream = new ValidatedRequestStream<UserScoreRequest>(new ListStreamReader<UserScoreRequest>(first, second), CancellationToken.None)
            .GetAsyncEnumerator();

        var moved = stream.MoveNextAsync();
        moved.IsCompletedSuccessfully.Should().BeTrue();
        (await moved).Should().BeTrue();
        stream.Current.Should().BeSameAs(first);
        (await stream.MoveNextAsync()).Should().BeTrue();
        stream.Current.Should().BeSameAs(second);
        (await stream.MoveNextAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task MoveNextAsync_MessagesArriveLater_CompletesWhenEachArrives()
    {
        var reader = new ChannelStreamReader();
        await using var stream = new ValidatedRequestStream<UserScoreRequest>(reader, CancellationToken.None).GetAsyncEnumerator();

        for (var id = 1; id <= 3; id++)
        {
            var moved = stream.MoveNextAsync();
            moved.IsCompleted.Should().BeFalse("message {0} has not arrived yet", id);
            var request = Request(id);
            reader.Send(request);
            (await moved.AsTask().DefaultTimeout()).Should().BeTrue();
            stream.Current.Should().BeSameAs(request);
        }

        var end = stream.MoveNextAsync();
        reader.End();
        (await end.AsTask().DefaultTimeout()).Should().BeFalse();
    }

    [Fact]
    public async Task MoveNextAsync_InvalidMessageArrivesLater_FailsWithInvalidArgumentNamingTheField()
    {
        var reader = new ChannelStreamReader();
        await using var stream = new ValidatedRequestStream<UserScoreRequest>(reader, CancellationToken.None).GetAsyncEnumerator();

        var moved = stream.MoveNextAsync();
        reader.Send(Request(0));
        var act = () => moved.AsTask().DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.Status.Should().Match<Status>(s =>
            s.StatusCode == StatusCode.InvalidArgument && s.Detail.Contains("UserInfo.user_id"));
    }

    [Fact]
    public async Task MoveNextAsync_InvalidMessageAlreadyReceived_FailsWithInvalidArgument()
    {
        await using var stream = new ValidatedRequestStream<UserScoreRequest>(new ListStreamReader<UserScoreRequest>(Request(1), Request(-5)), CancellationToken.None)
            .GetAsyncEnumerator();

        (await stream.MoveNextAsync()).Should().BeTrue();
        var act = async () => await stream.MoveNextAsync();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task MoveNextAsync_ReadFailsLater_PassesTheFailureOn()
    {
        var reader = new ChannelStreamReader();
        await using var stream = new ValidatedRequestStream<UserScoreRequest>(reader, CancellationToken.None).GetAsyncEnumerator();

        var moved = stream.MoveNextAsync();
        reader.Fail(new IOException("connection reset"));
        var act = () => moved.AsTask().DefaultTimeout();

        await act.Should().ThrowAsync<IOException>().WithMessage("connection reset");
    }

    [Fact]
    public async Task GetAsyncEnumerator_TokenOtherThanTheCalls_CancelsAPendingRead()
    {
        using var call = new CancellationTokenSource();
        using var reading = new CancellationTokenSource();
        var reader = new ChannelStreamReader();
        await using var stream = new ValidatedRequestStream<UserScoreRequest>(reader, call.Token).GetAsyncEnumerator(reading.Token);

        var moved = stream.MoveNextAsync();
        await reading.CancelAsync();
        var act = () => moved.AsTask().DefaultTimeout();

        await act.Should().ThrowAsync<OperationCanceledException>();
        call.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public async Task MoveNextAsync_CallCancelled_CancelsAPendingRead()
    {
        using var call = new CancellationTokenSource();
        var reader = new ChannelStreamReader();
        await using var stream = new ValidatedRequestStream<UserScoreRequest>(reader, call.Token).GetAsyncEnumerator(call.Token);

        var moved = stream.MoveNextAsync();
        await call.CancelAsync();
        var act = () => moved.AsTask().DefaultTimeout();

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task GetAsyncEnumerator_SecondEnumeration_ReadsOnFromWhereTheStreamIs()
    {
        var first = Request(1);
        var second = Request(2);
        var requests = new ValidatedRequestStream<UserScoreRequest>(new ListStreamReader<UserScoreRequest>(first, second), CancellationToken.None);
        var seen = new List<UserScoreRequest>();

        await foreach (var request in requests)
        {
            seen.Add(request);
            break;
        }

        await foreach (var request in requests)
        {
            seen.Add(request);
        }

        seen.Should().Equal(first, second);
    }

    private static UserScoreRequest Request(int userId) => new() { Users = [new UserInfo { UserId = userId }] };

    /// <summary>A request stream whose messages the test sends while a read is pending.</summary>
    private sealed class ChannelStreamReader : IAsyncStreamReader<UserScoreRequest>
    {
        private readonly Channel<UserScoreRequest> _messages = Channel.CreateUnbounded<UserScoreRequest>();

        public UserScoreRequest Current { get; private set; } = null!;

        public void Send(UserScoreRequest request) => _messages.Writer.TryWrite(request).Should().BeTrue();

        public void End() => _messages.Writer.Complete();

        public void Fail(Exception error) => _messages.Writer.Complete(error);

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await _messages.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            Current = await _messages.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}
