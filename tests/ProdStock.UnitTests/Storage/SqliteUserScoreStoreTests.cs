using Microsoft.Extensions.DependencyInjection;
using ProdStock.Services.Storage;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Storage;

public sealed class SqliteUserScoreStoreTests(SeededStoreFixture fixture) : IClassFixture<SeededStoreFixture>
{
    private IUserScoreStore Store => fixture.Store.Services.GetRequiredService<IUserScoreStore>();

    [Fact]
    public async Task GetScoresAsync_KnownAndUnknownIds_ReturnsTheKnownOnes()
    {
        var scores = await Store.GetScoresAsync([1, 998, 5_000_000], CancellationToken.None).DefaultTimeout();

        scores.Should().ContainKey(1).WhoseValue.Should().Be(5086);
        scores.Should().ContainKey(998).And.NotContainKey(5_000_000).And.HaveCount(2);
    }

    [Fact]
    public async Task GetScoresAsync_ZeroNegativeAndExtremeIds_FindsNothingAndKeepsTheOthers()
    {
        var scores = await Store.GetScoresAsync([0, -5, int.MinValue, int.MaxValue, 10, 1000], CancellationToken.None).DefaultTimeout();

        scores.Keys.Should().BeEquivalentTo([10, 1000]);
    }

    [Fact]
    public async Task GetScoresAsync_NoIds_ReturnsEmpty()
    {
        var scores = await Store.GetScoresAsync([], CancellationToken.None).DefaultTimeout();

        scores.Should().BeEmpty();
    }

    [Fact]
    public async Task GetScoresAsync_TenThousandIds_AnswersThemInOneCall()
    {
        var ids = Enumerable.Range(1, 10_000).ToArray();

        var scores = await Store.GetScoresAsync(ids, CancellationToken.None).DefaultTimeout();

        scores.Should().HaveCount(1_000, "the demo data has users 1..1000");
    }

    [Fact]
    public async Task GetScoresAsync_ManyConcurrentReaders_EachGetsItsOwnAnswer()
    {
        var expected = await Store.GetScoresAsync([.. Enumerable.Range(1, 50)], CancellationToken.None).DefaultTimeout();

        var answers = await Task.WhenAll(Enumerable.Range(1, 50).Select(id =>
            Task.Run(async () => (Id: id, Scores: await Store.GetScoresAsync([id], CancellationToken.None)))))
            .DefaultTimeout();

        answers.Should().AllSatisfy(answer => answer.Scores.Should().Equal(new Dictionary<int, int> { [answer.Id] = expected[answer.Id] }));
    }

    [Fact]
    public async Task GetScoresAsync_CancelledToken_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var act = () => Store.GetScoresAsync([1], cancellation.Token).AsTask().DefaultTimeout();

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
