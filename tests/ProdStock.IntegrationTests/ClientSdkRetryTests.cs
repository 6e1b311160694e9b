using System.Collections.Concurrent;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.Contracts;
using ProdStock.Testing;
using ProtoBuf.Grpc;

namespace ProdStock.IntegrationTests;

/// <summary>
/// Retries seen from the server: a test-only interceptor answers <c>UNAVAILABLE</c> to the first attempts of a call
/// (the <c>x-test-fail-attempts</c> header says how many) and counts the attempts that reach it.
/// </summary>
public sealed class ClientSdkRetryTests(ClientSdkRetryTests.FlakyHostFixture fixture) : IClassFixture<ClientSdkRetryTests.FlakyHostFixture>
{
    [Fact]
    public async Task GetProdStock_UnavailableTwice_IsRetriedAndSucceeds()
    {
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address);
        var (context, callId) = FailFirst(2);

        var response = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }, context).DefaultTimeout();

        response.ProdId.Should().Be(1);
        fixture.Interceptor.Attempts(callId).Should().Be(3);
    }

    [Fact]
    public async Task GetUserScore_UnavailableOnce_IsRetriedAndSucceeds()
    {
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address);
        var (context, callId) = FailFirst(1);

        var response = await client.Users.GetUserScoreAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 1 }] }, context).DefaultTimeout();

        response.Users.Should().ContainSingle();
        fixture.Interceptor.Attempts(callId).Should().Be(2);
    }

    [Fact]
    public async Task NewOrder_StoredButAnswerLostAsUnavailable_IsRetriedAndStoredOnce()
    {
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address);
        var (context, callId) = FailFirst(1, afterService: true);
        var stockBefore = (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 7, ProdArea = ProdAreas.B }).DefaultTimeout()).ProdStock;
        var order = Order("retry-" + Guid.NewGuid().ToString("N"), new OrderLine { ProdId = 7, ProdArea = ProdAreas.B, Quantity = 3 });

        var response = await client.Orders.NewOrderAsync(order, context).DefaultTimeout();

        fixture.Interceptor.Attempts(callId).Should().Be(2, "the first attempt stored the order, then its answer was lost");
        response.Status.Should().Be("OK");
        var stockAfter = (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 7, ProdArea = ProdAreas.B }).DefaultTimeout()).ProdStock;
        stockAfter.Should().Be(stockBefore - 3, "the retry is answered from the stored order and takes no stock again");
        var again = await client.Orders.NewOrderAsync(order).DefaultTimeout();
        again.OrderId.Should().Be(response.OrderId, "one order is stored under the order number");
    }

    [Fact]
    public async Task NewOrder_WriteRetriesSwitchedOff_IsNotRetried()
    {
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address, options => options.RetryIdempotentWrites = false);
        var (context, callId) = FailFirst(1);

        var act = () => client.Orders.NewOrderAsync(Order("no-retry-" + Guid.NewGuid().ToString("N")), context).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);
        fixture.Interceptor.Attempts(callId).Should().Be(1);
    }

    private static OrderRequest Order(string orderNo, params OrderLine[] lines)
    {
        var main = new OrderMain { OrderNo = orderNo, UserId = 1, OrderMoney = 1 };
        main.OrderLines.AddRange(lines);
        return new OrderRequest { OrderMain = main };
    }

    [Fact]
    public async Task GetProdStock_RetriesSwitchedOff_IsNotRetried()
    {
        using var client = fixture.Workspace.CreateClient(fixture.Host.Address, options => options.RetryReadOnlyCalls = false);
        var (context, callId) = FailFirst(1);

        var act = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1 }, context).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unavailable);
        fixture.Interceptor.Attempts(callId).Should().Be(1);
    }

    private static (CallContext Context, string CallId) FailFirst(int attempts, bool afterService = false)
    {
        var callId = Guid.NewGuid().ToString("N");
        var headers = new Metadata
        {
            { FailFirstAttemptsInterceptor.CallIdHeader, callId },
            { FailFirstAttemptsInterceptor.FailAttemptsHeader, attempts.ToString(CultureInfo.InvariantCulture) },
        };
        if (afterService)
        {
            headers.Add(FailFirstAttemptsInterceptor.AfterServiceHeader, "true");
        }

        return (new CallContext(new CallOptions(headers)), callId);
    }

    public sealed class FailFirstAttemptsInterceptor : Interceptor
    {
        public const string CallIdHeader = "x-test-call-id";
        public const string FailAttemptsHeader = "x-test-fail-attempts";

        /// <summary>Present: the refused attempts reach the service first (the write is stored, then its answer is lost).</summary>
        public const string AfterServiceHeader = "x-test-fail-after-service";
        private readonly ConcurrentDictionary<string, int> _attempts = new();

        public int Attempts(string callId) => _attempts.GetValueOrDefault(callId);

        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
            TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            var callId = context.RequestHeaders.GetValue(CallIdHeader);
            if (callId is not null)
            {
                var attempt = _attempts.AddOrUpdate(callId, 1, (_, seen) => seen + 1);
                var failures = int.Parse(context.RequestHeaders.GetValue(FailAttemptsHeader) ?? "0", CultureInfo.InvariantCulture);
                if (attempt <= failures)
                {
                    if (context.RequestHeaders.GetValue(AfterServiceHeader) is not null)
                    {
                        await continuation(request, context);
                    }

                    throw new RpcException(new Status(StatusCode.Unavailable, $"test: attempt {attempt} refused"));
                }
            }

            return await continuation(request, context);
        }
    }

    public sealed class FlakyHostFixture : IAsyncLifetime
    {
        private TestHost? _host;

        public TestWorkspace Workspace { get; } = new();

        public FailFirstAttemptsInterceptor Interceptor { get; } = new();

        public TestHost Host => _host!;

        public async Task InitializeAsync() =>
            _host = await TestHost.StartAsync(Workspace.Certificates, Workspace.StorePath, services =>
            {
                services.AddSingleton(Interceptor);
                services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<FailFirstAttemptsInterceptor>());
            });

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }

            Workspace.Dispose();
        }
    }
}
