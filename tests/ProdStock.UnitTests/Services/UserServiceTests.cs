using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Users;
using ProdStock.UnitTests.Infrastructure;
using ProtoBuf.Grpc;

namespace ProdStock.UnitTests.Services;

public sealed class UserServiceTests(SeededStoreFixture fixture) : IClassFixture<SeededStoreFixture>
{
    private readonly UserService _service = fixture.Store.Get<UserService>();

    /// <summary>A user service over the shared store with other <see cref="UserScoreOptions"/>.</summary>
    private UserService ServiceWith(Action<UserScoreOptions> configure)
    {
        var options = new UserScoreOptions();
        configure(options);
        return new UserService(fixture.Store.Services.GetRequiredService<UserScoreReadModel>(), Microsoft.Extensions.Options.Options.Create(options));
    }

    private static UserScoreRequest Request(params int[] userIds) =>
        new() { Users = userIds.Select(id => new UserInfo { UserId = id }).ToList() };

    private static List<(int UserId, int UserScore)> Expected(params int[] userIds) =>
        userIds.Select(id => (id, DemoDataSet.Score(id))).ToList();

    private static List<(int UserId, int UserScore)> Scores(UserScoreResponse response) =>
        response.Users.Select(u => (u.UserId, u.UserScore)).ToList();

    private static async IAsyncEnumerable<UserScoreRequest> Sequence(
        IEnumerable<UserScoreRequest> requests, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var request in requests)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return request;
        }
    }

    [Fact]
    public async Task GetUserScore_KnownUsers_ReturnsStoredScoresInRequestOrder()
    {
        // Arrange
        int[] ids = [7, 1000, 1, 42];

        // Act
        var response = await _service.GetUserScoreAsync(Request(ids)).DefaultTimeout();

        // Assert
        Scores(response).Should().Equal(Expected(ids));
        response.Users.Should().OnlyContain(u => u.UserScore > 0);
    }

    [Fact]
    public async Task GetUserScore_UnknownUser_ScoresZero()
    {
        // Act
        var response = await _service.GetUserScoreAsync(Request(3, 5000)).DefaultTimeout();

        // Assert
        Scores(response).Should().Equal((3, DemoDataSet.Score(3)), (5000, 0));
    }

    [Fact]
    public async Task GetUserScore_DuplicateUsers_KeepsEveryEntry()
    {
        // Act
        var response = await _service.GetUserScoreAsync(Request(3, 3, 9, 3)).DefaultTimeout();

        // Assert
        Scores(response).Should().Equal(Expected(3, 3, 9, 3));
    }

    [Fact]
    public async Task GetUserScore_NoUsers_ReturnsNoUsers()
    {
        // Act
        var response = await _service.GetUserScoreAsync(Request()).DefaultTimeout();

        // Assert
        response.Users.Should().BeEmpty();
    }

    [Fact]
    public async Task GetUserScoreByServerStream_FiveUsersDefaultBatch_YieldsBatchesOfTwoTwoOne()
    {
        // Act
        var messages = await _service.GetUserScoreByServerStreamAsync(Request(11, 12, 13, 14, 15)).ReadAllAsync();

        // Assert
        messages.Select(m => m.Users.Count).Should().Equal(2, 2, 1);
        messages.SelectMany(Scores).Should().Equal(Expected(11, 12, 13, 14, 15));
    }

    [Fact]
    public async Task GetUserScoreByServerStream_BatchSizeThree_YieldsTwoMessages()
    {
        // Arrange
        var service = ServiceWith(o => o.StreamBatchSize = 3);

        // Act
        var messages = await service.GetUserScoreByServerStreamAsync(Request(11, 12, 13, 14, 15)).ReadAllAsync();

        // Assert
        messages.Select(m => m.Users.Count).Should().Equal(3, 2);
        messages.SelectMany(Scores).Should().Equal(Expected(11, 12, 13, 14, 15));
    }

    [Fact]
    public async Task GetUserScoreByServerStream_CancelledContext_ThrowsOperationCanceled()
    {
        // Arrange
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var context = new CallContext(new CallOptions(cancellationToken: cts.Token));

        // Act
        Func<Task> act = () => _service.GetUserScoreByServerStreamAsync(Request(1, 2, 3), context).ReadAllAsync();

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task GetUserScoreByServerStream_CancelledAfterFirstMessage_StopsTheStream()
    {
        // Arrange
        using var cts = new CancellationTokenSource();
        var context = new CallContext(new CallOptions(cancellationToken: cts.Token));
        await using var stream = _service.GetUserScoreByServerStreamAsync(Request(1, 2, 3, 4, 5), context).GetAsyncEnumerator();
        (await stream.MoveNextAsync().AsTask().DefaultTimeout()).Should().BeTrue();
        await cts.CancelAsync();

        // Act
        Func<Task> next = () => stream.MoveNextAsync().AsTask().DefaultTimeout();

        // Assert
        await next.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task GetUserScoreByClientStream_ThreeRequests_AnswersOnceWithAllUsersInOrder()
    {
        // Arrange
        var requests = Sequence([Request(5, 6), Request(7), Request(8, 5000, 9)]);

        // Act
        var response = await _service.GetUserScoreByClientStreamAsync(requests).DefaultTimeout();

        // Assert
        Scores(response).Should().Equal(Expected(5, 6, 7, 8, 5000, 9));
    }

    [Fact]
    public async Task GetUserScoreByClientStream_MoreUsersThanMaxPerClientStream_ThrowsResourceExhausted()
    {
        // Arrange
        var service = ServiceWith(o => o.MaxUsersPerClientStream = 4);
        var requests = Sequence([Request(1, 2), Request(3, 4), Request(5)]);

        // Act and assert
        await RpcAssert.ThrowsAsync(StatusCode.ResourceExhausted, () => service.GetUserScoreByClientStreamAsync(requests));
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_ThreeRequests_AnswersEachBatchInOrder()
    {
        // Arrange
        var requests = Sequence([Request(21, 22), Request(5000), Request(23, 23, 24)]);

        // Act
        var answers = await _service.GetUserScoreByDoubleEndStreamAsync(requests).ReadAllAsync();

        // Assert
        answers.Select(Scores).Should().SatisfyRespectively(
            first => first.Should().Equal(Expected(21, 22)),
            second => second.Should().Equal((5000, 0)),
            third => third.Should().Equal(Expected(23, 23, 24)));
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_RequestStillOpen_AnswersEachRequestAsItArrives()
    {
        // Arrange
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        await using var answers = _service.GetUserScoreByDoubleEndStreamAsync(requests.Reader.ReadAllAsync()).GetAsyncEnumerator();

        // Act: the first answer is read while the request stream is still open.
        await requests.Writer.WriteAsync(Request(31)).AsTask().DefaultTimeout();
        var firstArrived = await answers.MoveNextAsync().AsTask().DefaultTimeout();
        var first = answers.Current;
        await requests.Writer.WriteAsync(Request(32, 33)).AsTask().DefaultTimeout();
        var secondArrived = await answers.MoveNextAsync().AsTask().DefaultTimeout();
        var second = answers.Current;
        requests.Writer.Complete();
        var more = await answers.MoveNextAsync().AsTask().DefaultTimeout();

        // Assert
        firstArrived.Should().BeTrue();
        Scores(first).Should().Equal(Expected(31));
        secondArrived.Should().BeTrue();
        Scores(second).Should().Equal(Expected(32, 33));
        more.Should().BeFalse();
    }

}
