using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Services.Telemetry;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Telemetry;

/// <summary>Traces across the ClientSdk, the host and its store, as an exporter receives them.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests(TelemetryHostFixture fixture)
{
    private const string ServerSpanName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    [Fact]
    public async Task NewOrder_ThroughClientSdk_IsOneTraceFromClientSpanToServerSpanToStoreSpan()
    {
        using var client = fixture.CreateClient();
        var orderNo = "trace-" + Guid.NewGuid().ToString("N");

        ActivityTraceId trace;
        using (var root = TelemetryHostFixture.StartRootSpan(nameof(NewOrder_ThroughClientSdk_IsOneTraceFromClientSpanToServerSpanToStoreSpan)))
        {
            trace = root.TraceId;
            await client.Orders.NewOrderAsync(Order(orderNo, (1, ProdAreas.A, 1))).DefaultTimeout();
        }

        var spans = await fixture.ServerSpansAsync(trace, s => s.Any(IsServerSpan) && s.Any(IsStoreSpan));
        var clientSpan = fixture.ClientSpans(trace).Should().ContainSingle().Subject;
        var serverSpan = spans.Should().ContainSingle(s => IsServerSpan(s)).Subject;
        var storeSpan = spans.Should().ContainSingle(s => IsStoreSpan(s)).Subject;

        clientSpan.Kind.Should().Be(ActivityKind.Client);
        clientSpan.DisplayName.Should().Be("services.OrderService/NewOrder");
        serverSpan.Kind.Should().Be(ActivityKind.Server);
        serverSpan.ParentSpanId.Should().Be(clientSpan.SpanId, "the SDK's client span is the server span's parent");
        storeSpan.ParentSpanId.Should().Be(serverSpan.SpanId, "the store call runs inside the server span");

        serverSpan.DisplayName.Should().Be("services.OrderService/NewOrder");
        serverSpan.GetTagItem("rpc.system").Should().Be("grpc");
        serverSpan.GetTagItem("rpc.service").Should().Be("services.OrderService");
        serverSpan.GetTagItem("rpc.method").Should().Be("NewOrder");
        serverSpan.GetTagItem("rpc.grpc.status_code").Should().Be(0);
        serverSpan.Status.Should().Be(ActivityStatusCode.Unset);

        storeSpan.Source.Name.Should().Be(StoreTelemetry.ActivitySourceName);
        storeSpan.GetTagItem(StoreTelemetry.EngineTag).Should().Be("sqlite");
        storeSpan.GetTagItem(StoreTelemetry.OrderNoTag).Should().Be(orderNo);
        storeSpan.GetTagItem(StoreTelemetry.OrderLinesTag).Should().Be(1);
        storeSpan.GetTagItem(StoreTelemetry.OutcomeTag).Should().Be("placed");
    }

    [Fact]
    public async Task NewOrder_ClientSdkFromDependencyInjection_ServerSpanIsChildOfClientSpan()
    {
        var services = new ServiceCollection();
        services.AddProdStockClient(options =>
        {
            options.Address = fixture.Host.Address;
            options.CaCertificatePath = fixture.Certificates.CaPath;
            options.ClientCertificatePath = fixture.Certificates.ClientCertificatePath;
            options.ClientKeyPath = fixture.Certificates.ClientKeyPath;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ProdStockClient>();

        ActivityTraceId trace;
        using (var root = TelemetryHostFixture.StartRootSpan(nameof(NewOrder_ClientSdkFromDependencyInjection_ServerSpanIsChildOfClientSpan)))
        {
            trace = root.TraceId;
            await client.Orders.NewOrderAsync(Order("trace-di-" + Guid.NewGuid().ToString("N"))).DefaultTimeout();
        }

        var spans = await fixture.ServerSpansAsync(trace, s => s.Any(IsServerSpan) && s.Any(IsStoreSpan));
        var clientSpan = fixture.ClientSpans(trace).Should().ContainSingle().Subject;
        var serverSpan = spans.Should().ContainSingle(s => IsServerSpan(s)).Subject;
        serverSpan.ParentSpanId.Should().Be(clientSpan.SpanId);
        spans.Single(IsStoreSpan).ParentSpanId.Should().Be(serverSpan.SpanId);
    }

    [Fact]
    public async Task GetProdStock_UnknownProduct_ServerSpanCarriesNotFound()
    {
        using var client = fixture.CreateClient();

        ActivityTraceId trace;
        using (var root = TelemetryHostFixture.StartRootSpan(nameof(GetProdStock_UnknownProduct_ServerSpanCarriesNotFound)))
        {
            trace = root.TraceId;
            var call = () => client.Products.GetProdStockAsync(new ProdRequest { ProdId = 999_999 }).AsTask();
            await call.Should().ThrowAsync<Grpc.Core.RpcException>().Where(e => e.StatusCode == Grpc.Core.StatusCode.NotFound);
        }

        var serverSpan = (await fixture.ServerSpansAsync(trace, s => s.Any(IsServerSpan))).Single(IsServerSpan);
        serverSpan.GetTagItem("rpc.service").Should().Be("services.ProdService");
        serverSpan.GetTagItem("rpc.method").Should().Be("GetProdStock");
        serverSpan.GetTagItem("rpc.grpc.status_code").Should().Be((int)Grpc.Core.StatusCode.NotFound);
        serverSpan.Status.Should().Be(ActivityStatusCode.Unset, "NOT_FOUND is the caller's doing, not a server error");
    }

    [Fact]
    public async Task RestNewOrder_ThroughGateway_ServerSpanHasHttpAndRpcAttributesAndStoreSpanBeneath()
    {
        using var http = fixture.CreateRestClient();
        var orderNo = "trace-rest-" + Guid.NewGuid().ToString("N");

        ActivityTraceId trace;
        using (var root = TelemetryHostFixture.StartRootSpan(nameof(RestNewOrder_ThroughGateway_ServerSpanHasHttpAndRpcAttributesAndStoreSpanBeneath)))
        {
            trace = root.TraceId;
            using var response = await http.PostAsync(
                "/v1/orders",
                new StringContent($$"""{"orderNo":"{{orderNo}}","userId":3,"orderMoney":2.5}""", System.Text.Encoding.UTF8, "application/json")).DefaultTimeout();
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var spans = await fixture.ServerSpansAsync(trace, s => s.Any(IsServerSpan) && s.Any(IsStoreSpan));
        var serverSpan = spans.Single(IsServerSpan);
        serverSpan.GetTagItem("http.request.method").Should().Be("POST");
        serverSpan.GetTagItem("http.route").Should().Be("/v1/orders");
        serverSpan.GetTagItem("http.response.status_code").Should().Be(200);
        serverSpan.GetTagItem("rpc.system").Should().Be("grpc");
        serverSpan.GetTagItem("rpc.service").Should().Be("services.OrderService");
        serverSpan.GetTagItem("rpc.method").Should().Be("NewOrder");
        serverSpan.GetTagItem("rpc.grpc.status_code").Should().Be(0);
        spans.Single(IsStoreSpan).ParentSpanId.Should().Be(serverSpan.SpanId);
    }

    [Fact]
    public async Task RestGetProdStock_UnknownProduct_ServerSpanCarriesNotFound()
    {
        using var http = fixture.CreateRestClient();

        ActivityTraceId trace;
        using (var root = TelemetryHostFixture.StartRootSpan(nameof(RestGetProdStock_UnknownProduct_ServerSpanCarriesNotFound)))
        {
            trace = root.TraceId;
            using var response = await http.GetAsync("/v1/prod/999999").DefaultTimeout();
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        var serverSpan = (await fixture.ServerSpansAsync(trace, s => s.Any(IsServerSpan))).Single(IsServerSpan);
        // The gateway names its route values v0, v1…: the route is low in cardinality, if not the contract's own template.
        serverSpan.GetTagItem("http.route").Should().BeOfType<string>().Which.Should().StartWith("/v1/prod/{");
        serverSpan.GetTagItem("http.response.status_code").Should().Be(404);
        serverSpan.GetTagItem("rpc.method").Should().Be("GetProdStock");
        serverSpan.GetTagItem("rpc.grpc.status_code").Should().Be((int)Grpc.Core.StatusCode.NotFound);
    }

    private static bool IsServerSpan(Activity span) => span.OperationName == ServerSpanName;

    private static bool IsStoreSpan(Activity span) => span.Source.Name == StoreTelemetry.ActivitySourceName && span.DisplayName == StoreTelemetry.PlaceOrderSpan;

    private static OrderRequest Order(string orderNo, params (int ProdId, ProdAreas Area, int Quantity)[] lines) => new()
    {
        OrderMain = new OrderMain
        {
            OrderNo = orderNo,
            UserId = 5,
            OrderMoney = 9.5f,
            OrderLines = [.. lines.Select(l => new OrderLine { ProdId = l.ProdId, ProdArea = l.Area, Quantity = l.Quantity })],
        },
    };
}
