using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.Validation;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using ProtoBuf.Grpc;

namespace ProdStock.IntegrationTests;

[Collection(HostCollection.Name)]
public sealed class UserServiceTests(HostFixture fixture)
{
    /// <summary>The SDK validates before sending; these tests switch that off to prove the server's own validation.</summary>
    private static void ServerSideValidation(ProdStock.ClientSdk.ProdStockClientOptions options) => options.ValidateRequests = false;

    private static UserScoreRequest Request(params int[] userIds) =>
        new() { Users = userIds.Select(id => new UserInfo { UserId = id, UserScore = -1 }).ToList() };

    private static IEnumerable<(int UserId, int Score)> Expected(params int[] userIds) =>
        userIds.Select(id => (id, DemoDataSet.Score(id)));

    private static IEnumerable<(int UserId, int Score)> Actual(IEnumerable<UserInfo> users) =>
        users.Select(u => (u.UserId, u.UserScore));

    [Fact]
    public async Task GetUserScore_KnownAndUnknownUsers_ReturnsStoredScoresInRequestOrder()
    {
        using var client = fixture.CreateClient();

        var response = await client.Users.GetUserScoreAsync(Request(3, 1, 5000, 3)).DefaultTimeout();

        Actual(response.Users).Should().Equal(Expected(3, 1, 5000, 3));
        response.Users[2].UserScore.Should().Be(0, "an unknown user scores 0");
        response.Users[0].UserScore.Should().BePositive();
    }

    [Fact]
    public async Task GetUserScore_NonPositiveUserId_ReturnsInvalidArgumentNamingTheItem()
    {
        using var client = fixture.CreateClient(ServerSideValidation);

        var act = () => client.Users.GetUserScoreAsync(Request(1, 0)).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("invalid UserInfo.user_id: value must be greater than 0");
        error.GetFieldViolations().Should().Equal(new FieldViolation("users[1].user_id", "value must be greater than 0"));
    }

    [Fact]
    public async Task GetUserScoreByServerStream_FiveUsers_AnswersInBatchesOfTwo()
    {
        using var client = fixture.CreateClient();

        var batches = await client.Users.GetUserScoreByServerStreamAsync(Request(1, 2, 3, 4, 5)).ToListBoundedAsync();

        batches.Select(b => b.Users.Count).Should().Equal(2, 2, 1);
        Actual(batches.SelectMany(b => b.Users)).Should().Equal(Expected(1, 2, 3, 4, 5));
    }

    [Fact]
    public async Task GetUserScoreByClientStream_ThreeMessages_AnswersOnceWithAllUsers()
    {
        using var client = fixture.CreateClient();

        var response = await client.Users.GetUserScoreByClientStreamAsync(Requests(Request(1, 2), Request(3), Request(4, 5, 6))).DefaultTimeout();

        Actual(response.Users).Should().Equal(Expected(1, 2, 3, 4, 5, 6));
    }

    [Fact]
    public async Task GetUserScoreByClientStream_InvalidMessageInTheMiddle_ReturnsInvalidArgument()
    {
        using var client = fixture.CreateClient(ServerSideValidation);

        var act = () => client.Users.GetUserScoreByClientStreamAsync(Requests(Request(1), Request(-2), Request(3))).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_ThreeRoundTrips_AnswersEachBatchAsItArrives()
    {
        using var client = fixture.CreateClient();
        var requests = System.Threading.Channels.Channel.CreateUnbounded<UserScoreRequest>();
        int[][] batches = [[1, 2], [10], [100, 200, 300]];

        await using var responses = client.Users.GetUserScoreByDoubleEndStreamAsync(requests.Reader.ReadAllAsync()).GetAsyncEnumerator();
        foreach (var batch in batches)
        {
            await requests.Writer.WriteAsync(Request(batch));
            // The answer to this batch arrives before the next batch is sent: the server answers as messages arrive.
            (await responses.MoveNextAsync().DefaultTimeout()).Should().BeTrue();
            Actual(responses.Current.Users).Should().Equal(Expected(batch));
        }

        requests.Writer.Complete();
        (await responses.MoveNextAsync().DefaultTimeout()).Should().BeFalse();
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_InvalidMessageAfterValidOnes_AnswersValidOnesThenInvalidArgument()
    {
        using var client = fixture.CreateClient(ServerSideValidation);
        var received = new List<UserScoreResponse>();

        var act = async () =>
        {
            await foreach (var response in client.Users.GetUserScoreByDoubleEndStreamAsync(Requests(Request(1), Request(2), Request(0))))
            {
                received.Add(response);
            }
        };

        (await act.Should().ThrowAsync<RpcException>().WaitAsync(TaskTimeoutExtensions.Timeout)).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        received.Select(r => r.Users.Single().UserId).Should().Equal(1, 2);
    }

    [Fact]
    public async Task GetUserScoreByServerStream_ClientCancels_CallEndsCancelled()
    {
        using var client = fixture.CreateClient();
        using var cts = new CancellationTokenSource();
        var manyUsers = Request(Enumerable.Range(1, 5000).ToArray());

        var act = async () =>
        {
            await foreach (var _ in client.Users.GetUserScoreByServerStreamAsync(manyUsers, new CallContext(new CallOptions(cancellationToken: cts.Token))))
            {
                await cts.CancelAsync();
            }
        };

        (await act.Should().ThrowAsync<RpcException>().WaitAsync(TaskTimeoutExtensions.Timeout)).Which.StatusCode.Should().Be(StatusCode.Cancelled);
    }

    private static async IAsyncEnumerable<UserScoreRequest> Requests(params UserScoreRequest[] requests)
    {
        foreach (var request in requests)
        {
            await Task.Yield();
            yield return request;
        }
    }
}
