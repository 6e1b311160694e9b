using System.Net;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Logging;

/// <summary>One structured line per call: failures at Information (the caller's errors) or Warning (server faults), successes at Debug.</summary>
public sealed class CallLogTests(CallLogHostFixture fixture) : IClassFixture<CallLogHostFixture>
{
    private string ClientSubject => fixture.Workspace.Certificates.Client.Subject;

    [Fact]
    public async Task GetProdStock_UnknownProduct_LogsOneInformationLineWithTheFields()
    {
        fixture.Logs.Clear();
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address);

        var act = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1001 }).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Information);
        line.EventId.Name.Should().Be("GrpcCallFailed");
        line.Fields["Method"].Should().Be("/services.ProdService/GetProdStock");
        line.Fields["StatusCode"].Should().Be("NOT_FOUND");
        line.Fields["DurationMs"].Should().BeOfType<double>().Which.Should().BeGreaterThanOrEqualTo(0);
        line.Fields["Client"].Should().Be(ClientSubject);
        line.Fields.Should().NotContainKey("ErrorId");
        line.Message.Should().NotContain("1001", "the request is never logged");
    }

    [Fact]
    public async Task GetProdStock_InvalidArgument_LogsTheStatusTheValidationInterceptorGave()
    {
        fixture.Logs.Clear();
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address, options => options.ValidateRequests = false);

        var act = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = -5 }).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Information);
        line.Fields["StatusCode"].Should().Be("INVALID_ARGUMENT");
        line.Message.Should().NotContain("-5", "neither the request nor the status message (which quotes it) is logged");
    }

    [Fact]
    public async Task NewOrder_StoreThrows_LogsOneWarningLineWithTheErrorId()
    {
        fixture.Logs.Clear();
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address);

        var act = () => client.Orders.NewOrderAsync(Order("log-internal-1")).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Internal);
        var errorId = error.Status.Detail.Split(' ')[2].TrimEnd(';');
        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Warning);
        line.EventId.Name.Should().Be("GrpcCallFailedWithErrorId");
        line.Fields["Method"].Should().Be("/services.OrderService/NewOrder");
        line.Fields["StatusCode"].Should().Be("INTERNAL");
        line.Fields["ErrorId"].Should().Be(errorId);
        line.Fields["Client"].Should().Be(ClientSubject);
        line.Message.Should().Contain(errorId).And.NotContain("hunter2").And.NotContain("log-internal-1");
    }

    [Fact]
    public async Task GetProdStock_Success_LogsOneDebugLineAndNothingAtInformation()
    {
        fixture.Logs.Clear();
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address);

        await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }).DefaultTimeout();

        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Debug);
        line.EventId.Name.Should().Be("GrpcCallCompleted");
        line.Fields["Method"].Should().Be("/services.ProdService/GetProdStock");
        fixture.Logs.Entries.Should().NotContain(entry => entry.Level >= LogLevel.Information && entry.Category.StartsWith("ProdStock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetUserScoreByServerStream_Success_LogsOneDebugLineWhenTheStreamEnds()
    {
        fixture.Logs.Clear();
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address);
        var request = new UserScoreRequest { Users = [new UserInfo { UserId = 1 }, new UserInfo { UserId = 2 }, new UserInfo { UserId = 3 }] };

        await client.Users.GetUserScoreByServerStreamAsync(request).ToListBoundedAsync();

        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Debug);
        line.Fields["Method"].Should().Be("/services.UserService/GetUserScoreByServerStream");
    }

    [Fact]
    public async Task RestGetProdStock_UnknownProduct_LogsOneInformationLineWithTheGrpcMethod()
    {
        fixture.Logs.Clear();
        using var http = RestClients.Create(fixture.Host.RestAddress, fixture.Workspace.Certificates.Authority, fixture.Workspace.Certificates.Client);

        using var response = await http.GetAsync("/v1/prod/1001").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Information);
        line.EventId.Name.Should().Be("RestCallFailed");
        line.Fields["HttpMethod"].Should().Be("GET");
        line.Fields["Route"].Should().Be("/v1/prod/{prod_id}");
        line.Fields["Method"].Should().Be("/services.ProdService/GetProdStock");
        line.Fields["StatusCode"].Should().Be("NOT_FOUND");
        line.Fields["HttpStatus"].Should().Be(404);
        line.Fields["Client"].Should().Be(ClientSubject);
    }

    [Fact]
    public async Task RestNewOrder_StoreThrows_LogsOneWarningLineWithTheErrorId()
    {
        fixture.Logs.Clear();
        using var http = RestClients.Create(fixture.Host.RestAddress, fixture.Workspace.Certificates.Authority, fixture.Workspace.Certificates.Client);
        using var body = new StringContent("""{"order_no":"log-internal-2","user_id":1,"order_money":5}""", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync("/v1/orders", body).DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Warning);
        line.EventId.Name.Should().Be("RestCallFailedWithErrorId");
        line.Fields["Method"].Should().Be("/services.OrderService/NewOrder");
        line.Fields["StatusCode"].Should().Be("INTERNAL");
        line.Fields["ErrorId"].Should().BeOfType<string>().Which.Should().MatchRegex("^[0-9a-f]{12}$");
        text.Should().Contain((string)line.Fields["ErrorId"]!);
        line.Message.Should().NotContain("hunter2").And.NotContain("log-internal-2");
    }

    [Fact]
    public async Task RestGetProdStock_Success_LogsOneDebugLine()
    {
        fixture.Logs.Clear();
        using var http = RestClients.Create(fixture.Host.RestAddress, fixture.Workspace.Certificates.Authority, fixture.Workspace.Certificates.Client);

        using var response = await http.GetAsync("/v1/prod/1").DefaultTimeout();

        response.EnsureSuccessStatusCode();
        var line = fixture.CallLines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Debug);
        line.EventId.Name.Should().Be("RestCallCompleted");
        line.Fields["HttpStatus"].Should().Be(200);
    }

    private static OrderRequest Order(string orderNo) => new() { OrderMain = new OrderMain { OrderNo = orderNo, UserId = 1, OrderMoney = 1 } };
}
