using ProdStock.Services.Storage.Sqlite;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.InteropTests.Node;

/// <summary>
/// A non-.NET client: node-client/client.js loads protos/services.proto (the schema emitted from the contracts) at run
/// time with @grpc/proto-loader and calls the host over mutual TLS with @grpc/grpc-js. The scenario runs once per
/// class; each test checks what Node saw against the demo data set.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class NodeClientTests(HostFixture fixture, NodeClientFixture node) : IClassFixture<NodeClientFixture>
{
    [Fact]
    public async Task NodeClient_FullScenario_SeesDemoValuesAndStatusCodes()
    {
        var run = await node.RunAsync(fixture);

        run.ExitCode.Should().Be(0, run.Transcript);
        run.UnreadableLines.Should().BeEmpty(run.Transcript);
        run.Lines.Select(l => l.Get("call").GetString()).Should().Equal(
            ["GetProdStock", "GetProdStocks", "GetProdInfo", "NewOrder", "NewOrder", "GetUserScoreByServerStream",
             "GetUserScoreByClientStream", "GetUserScoreByDoubleEndStream", "GetProdStock", "GetProdStocks"], run.Transcript);
        run.Lines.Where(l => l.TryGetProperty("unexpected", out _)).Should().BeEmpty(run.Transcript);
    }

    [Fact]
    public async Task GetProdStock_ProductOneInAreaB_ReturnsDemoStock()
    {
        var run = await node.RunAsync(fixture);

        var line = run.Call("GetProdStock", "prod_id", 1);

        line.Get("prod_area").GetString().Should().Be("B", run.Transcript);
        line.Get("prod_stock").GetInt32().Should().Be(DemoDataSet.Product(1)!.StockIn(ProdAreas.B), run.Transcript);
    }

    [Fact]
    public async Task GetProdStocks_SizeFive_ReturnsFirstFiveProductsWithAreaAStock()
    {
        var run = await node.RunAsync(fixture);

        var line = run.Call("GetProdStocks", "size", 5);

        // prod_area is left out of the request: proto3's default, A.
        line.Get("productes").EnumerateArray().Select(p => (p.Get("prod_id").GetInt32(), p.Get("prod_stock").GetInt32()))
            .Should().Equal(Enumerable.Range(1, 5).Select(id => (id, DemoDataSet.Product(id)!.StockIn(ProdAreas.A))), run.Transcript);
    }

    [Fact]
    public async Task GetProdInfo_Product998_ReturnsDemoNameAndPrice()
    {
        var run = await node.RunAsync(fixture);
        var expected = DemoDataSet.Product(998)!;

        var line = run.Call("GetProdInfo");

        line.Get("prod_id").GetInt32().Should().Be(998, run.Transcript);
        line.Get("prod_name").GetString().Should().Be(expected.Name, run.Transcript);
        // A proto float reaches JavaScript widened to a double; narrowed back it is the stored float exactly.
        ((float)line.Get("prod_price").GetDouble()).Should().Be(expected.Price, run.Transcript);
    }

    [Fact]
    public async Task NewOrder_SameOrderSentTwice_ReturnsOkAndTheSameOrderId()
    {
        var run = await node.RunAsync(fixture);

        var orders = run.Calls("NewOrder");

        orders.Should().HaveCount(2, run.Transcript);
        orders.Should().AllSatisfy(o =>
        {
            o.Get("order_no").GetString().Should().Be(run.OrderNo, run.Transcript);
            o.Get("status").GetString().Should().Be("OK", run.Transcript);
            OrderId(o).Should().BePositive(run.Transcript);
        });
        OrderId(orders[1]).Should().Be(OrderId(orders[0]), run.Transcript);
        orders[1].Get("message").GetString().Should().Be(orders[0].Get("message").GetString(), run.Transcript);
    }

    [Fact]
    public async Task NewOrder_TimestampFromNode_IsStoredOnceWithTheClientTime()
    {
        var run = await node.RunAsync(fixture);
        var orders = run.Calls("NewOrder");
        orders.Should().NotBeEmpty(run.Transcript);
        var first = orders[0];
        // int64 seconds come as a string (proto-loader's longs: String).
        var sent = first.Get("order_time");
        var sentTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse(sent.Get("seconds").GetString()!, CultureInfo.InvariantCulture))
            .AddTicks(sent.Get("nanos").GetInt32() / 100).UtcDateTime;

        var stored = await fixture.Host.Services.GetRequiredService<SqliteOrderStore>().FindByOrderNoAsync(run.OrderNo, CancellationToken.None).DefaultTimeout();

        stored.Should().NotBeNull(run.Transcript);
        stored!.OrderId.Should().Be(OrderId(first), run.Transcript);
        stored.UserId.Should().Be(7);
        stored.Money.Should().Be(19.99f);
        stored.TimeFromClient.Should().BeTrue("the google.protobuf.Timestamp written by protobuf.js must reach the server");
        stored.OrderTime.Should().BeCloseTo(sentTime, TimeSpan.FromMilliseconds(1), run.Transcript);
    }

    [Fact]
    public async Task GetUserScoreByServerStream_UsersOneToFive_ArriveInBatchesOfTwoTwoOneWithDemoScores()
    {
        var run = await node.RunAsync(fixture);

        var batches = run.Call("GetUserScoreByServerStream").Get("batches").EnumerateArray().Select(b => b.Scores()).ToList();

        batches.Select(b => b.Count).Should().Equal([2, 2, 1], run.Transcript);
        batches.SelectMany(b => b).Should().Equal(DemoScores(1, 2, 3, 4, 5), run.Transcript);
    }

    [Fact]
    public async Task GetUserScoreByClientStream_ThreeMessages_ReturnsAllDemoScoresInOneAnswer()
    {
        var run = await node.RunAsync(fixture);

        var line = run.Call("GetUserScoreByClientStream");

        line.Get("messages").GetInt32().Should().Be(3, run.Transcript);
        line.Get("users").Scores().Should().Equal(DemoScores(1, 2, 3, 4, 5), run.Transcript);
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_ThreeRoundTrips_AnswersEachMessageWithItsDemoScores()
    {
        var run = await node.RunAsync(fixture);

        var rounds = run.Call("GetUserScoreByDoubleEndStream").Get("rounds").EnumerateArray().ToList();

        rounds.Should().HaveCount(3, run.Transcript);
        rounds.Should().AllSatisfy(round => round.Get("users").Scores().Should().Equal(
            DemoScores(round.Get("sent").EnumerateArray().Select(id => id.GetInt32()).ToArray()), run.Transcript));
        rounds.Select(r => r.Get("sent").GetArrayLength()).Should().Equal([1, 2, 2], run.Transcript);
    }

    [Fact]
    public async Task GetProdStock_UnknownProduct_NodeSeesNotFound()
    {
        var run = await node.RunAsync(fixture);

        var line = run.Call("GetProdStock", "prod_id", 1001);

        line.Get("error_code").GetInt32().Should().Be(5, run.Transcript);
        line.Get("details").GetString().Should().Contain("1001", run.Transcript);
    }

    [Fact]
    public async Task GetProdStocks_SizeZero_NodeSeesInvalidArgumentNamingTheField()
    {
        var run = await node.RunAsync(fixture);

        var line = run.Call("GetProdStocks", "size", 0);

        line.Get("error_code").GetInt32().Should().Be(3, run.Transcript);
        line.Get("details").GetString().Should().Contain("size", run.Transcript);
    }

    /// <summary>The order id of a NewOrder line: an int64, which proto-loader (longs: String) gives as a string.</summary>
    private static long OrderId(JsonElement order) => long.Parse(order.Get("order_id").GetString()!, CultureInfo.InvariantCulture);

    private static IEnumerable<(int UserId, int UserScore)> DemoScores(params int[] userIds) =>
        userIds.Select(id => (id, DemoDataSet.Score(id)));
}
