using Grpc.Core;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using Seed = global::Services;

namespace ProdStock.InteropTests;

/// <summary><c>services.UserService</c>'s streaming calls through the stubs generated from the tutorial's <c>Users.proto</c>.</summary>
[Collection(InteropCollection.Name)]
public sealed class SeedUserServiceTests(HostFixture fixture)
{
    [Fact]
    public async Task GetUserScoreByServerStream_FiveUsers_ReturnsThreeBatchesWithDemoScores()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.UserService.UserServiceClient(channel);
        using var cts = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);

        using var call = client.GetUserScoreByServerStream(Request(1, 2, 3, 4, 5), cancellationToken: cts.Token);
        var batches = await call.ResponseStream.ReadAllAsync(cts.Token).ToListAsync();

        batches.Select(b => b.Users.Select(u => u.UserId)).Should().BeEquivalentTo(
            new[] { new[] { 1, 2 }, new[] { 3, 4 }, new[] { 5 } }, options => options.WithStrictOrdering());
        batches.SelectMany(b => b.Users).Should().AllSatisfy(u => u.UserScore.Should().Be(DemoDataSet.Score(u.UserId)));
    }

    [Fact]
    public async Task GetUserScoreByClientStream_ThreeMessages_ReturnsAllDemoScoresInOneAnswer()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.UserService.UserServiceClient(channel);
        using var cts = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);

        using var call = client.GetUserScoreByClientStream(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(Request(10, 11)).DefaultTimeout();
        await call.RequestStream.WriteAsync(Request(12)).DefaultTimeout();
        await call.RequestStream.WriteAsync(Request(13, 14, 15)).DefaultTimeout();
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        var response = await call.ResponseAsync.DefaultTimeout();

        response.Users.Select(u => (u.UserId, u.UserScore)).Should().Equal(
            new[] { 10, 11, 12, 13, 14, 15 }.Select(id => (id, DemoDataSet.Score(id))));
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_ThreeRoundTrips_AnswersEachBatchWithItsDemoScores()
    {
        using var channel = SeedChannel.Create(fixture);
        var client = new Seed.UserService.UserServiceClient(channel);
        using var cts = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
        int[][] batches = [[21, 22], [23], [24, 25, 26]];

        using var call = client.GetUserScoreByDoubleEndStream(cancellationToken: cts.Token);
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(Request(batch)).DefaultTimeout();
            (await call.ResponseStream.MoveNext(cts.Token).DefaultTimeout()).Should().BeTrue();

            call.ResponseStream.Current.Users.Select(u => (u.UserId, u.UserScore)).Should().Equal(
                batch.Select(id => (id, DemoDataSet.Score(id))));
        }

        await call.RequestStream.CompleteAsync().DefaultTimeout();
        (await call.ResponseStream.MoveNext(cts.Token).DefaultTimeout()).Should().BeFalse();
    }

    private static Seed.UserScoreRequest Request(params int[] userIds)
    {
        var request = new Seed.UserScoreRequest();
        request.Users.AddRange(userIds.Select(id => new Seed.UserInfo { UserId = id }));
        return request;
    }
}
