using System.Threading.Channels;
using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.Validation;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests;

/// <summary>The ClientSdk validates before sending: invalid requests never reach the wire.</summary>
[Collection(HostCollection.Name)]
public sealed class ClientSdkValidationTests(HostFixture fixture)
{
    [Fact]
    public async Task GetProdStock_InvalidRequestAndNoServer_FailsWithInvalidArgumentNotUnavailable()
    {
        // Nothing listens on port 1: a request that were sent would fail with UNAVAILABLE.
        using var client = fixture.CreateClient(options => options.Address = new Uri("https://localhost:1"));

        var act = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = -4 }).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.GetFieldViolations().Should().Equal(new FieldViolation("prod_id", "value must be greater than 0"));
    }

    [Fact]
    public async Task GetUserScoreByServerStream_InvalidRequestAndNoServer_FailsWithInvalidArgument()
    {
        using var client = fixture.CreateClient(options => options.Address = new Uri("https://localhost:1"));

        var act = () => client.Users.GetUserScoreByServerStreamAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 0 }] }).ToListBoundedAsync();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task GetUserScoreByDoubleEndStream_ThirdMessageInvalid_AnswersTheFirstTwoThenInvalidArgument()
    {
        using var client = fixture.CreateClient();
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        var received = new List<int>();
        foreach (var id in new[] { 1, 2, -3, 4 })
        {
            await requests.Writer.WriteAsync(new UserScoreRequest { Users = [new UserInfo { UserId = id }] });
        }

        requests.Writer.Complete();

        var act = async () =>
        {
            await foreach (var response in client.Users.GetUserScoreByDoubleEndStreamAsync(requests.Reader.ReadAllAsync()))
            {
                received.Add(response.Users.Single().UserScore);
            }
        };

        var error = (await act.Should().ThrowAsync<RpcException>().WaitAsync(TaskTimeoutExtensions.Timeout)).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.GetFieldViolations().Single().Field.Should().Be("users[0].user_id");
        received.Should().Equal(DemoDataSet.Score(1), DemoDataSet.Score(2));
    }

    [Fact]
    public async Task GetUserScoreByClientStream_InvalidMessage_FailsWithInvalidArgument()
    {
        using var client = fixture.CreateClient();
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        await requests.Writer.WriteAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 1 }] });
        await requests.Writer.WriteAsync(new UserScoreRequest { Users = Enumerable.Range(1, 10_001).Select(id => new UserInfo { UserId = id }).ToList() });
        requests.Writer.Complete();

        var act = () => client.Users.GetUserScoreByClientStreamAsync(requests.Reader.ReadAllAsync()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.GetFieldViolations()
            .Should().Equal(new FieldViolation("users", "value must contain no more than 10000 item(s)"));
    }

    [Fact]
    public async Task NewOrder_ServerSideValidation_SendsBadRequestDetails()
    {
        using var client = fixture.CreateClient(options => options.ValidateRequests = false);

        var act = () => client.Orders.NewOrderAsync(new OrderRequest { OrderMain = new OrderMain { OrderNo = "", UserId = 0, OrderMoney = float.NaN } }).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.GetFieldViolations().Select(v => v.Field).Should().Equal("order_main.order_no", "order_main.user_id", "order_main.order_money");
    }
}
