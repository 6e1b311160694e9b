using System.Net;
using System.Text;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>
/// The REST rows of the bad-input table: the gRPC rows' inputs as JSON (400, <c>code</c> 3 and a
/// <c>google.rpc.BadRequest</c> detail naming the field), and the malformed JSON and wrong JSON types that
/// <see cref="Gateway.GatewayErrorTests"/> does not already cover. No order is stored.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class RestBadInputTests(FaultHostFixture fixture)
{
    public static TheoryData<string> Rows => FaultTable.RestRowNames();

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Request_BadInput_Returns400WithRpcStatusNamingTheFieldAndStoresNothing(string rowName)
    {
        var row = FaultTable.Rest.Single(r => r.Name == rowName);
        using var http = fixture.CreateRestClient();
        var orderNumbers = new OrderNumbers();
        var before = await fixture.CountOrdersAsync();

        using var response = await http.SendAsync(row, orderNumbers);

        await response.ShouldMatchAsync(row);
        (await fixture.CountOrdersAsync()).Should().Be(before, "a rejected request stores nothing");
        foreach (var orderNo in orderNumbers.Used)
        {
            (await fixture.CountOrdersAsync(orderNo)).Should().Be(0, "order_no {0} was rejected", orderNo);
        }
    }

    [Fact]
    public async Task PostScores_TenThousandUsers_IsAccepted()
    {
        using var http = fixture.CreateRestClient();
        var body = "{\"users\":[" + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"{{\"user_id\":{1 + (i % 1000)}}}")) + "]}";

        using var response = await http.PostAsync("/v1/users/scores", new StringContent(body, Encoding.UTF8, "application/json")).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout());
        json.RootElement.GetProperty("users").GetArrayLength().Should().Be(10_000);
    }
}
