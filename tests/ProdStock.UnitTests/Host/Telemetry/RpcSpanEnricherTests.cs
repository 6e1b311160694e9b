using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using ProdStock.Host.Telemetry;

namespace ProdStock.UnitTests.Host.Telemetry;

public sealed class RpcSpanEnricherTests
{
    [Theory]
    [InlineData("/services.OrderService/NewOrder", "services.OrderService", "NewOrder")]
    [InlineData("grpc.health.v1.Health/Check", "grpc.health.v1.Health", "Check")]
    public void Parse_MethodPath_SplitsServiceAndMethod(string path, string service, string method)
    {
        var name = RpcMethodName.Parse(path);

        name.Should().Be(new RpcMethodName(service, method));
        name!.FullName.Should().Be($"{service}/{method}");
    }

    [Theory]
    [InlineData("/v1/prod/7")]
    [InlineData("/services.OrderService/")]
    [InlineData("/NewOrder")]
    [InlineData("")]
    public void Parse_NotAMethodPath_ReturnsNull(string path) => RpcMethodName.Parse(path).Should().BeNull();

    [Fact]
    public void Enrich_GrpcTags_SetsRpcAttributesAndSpanName()
    {
        using var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn");
        activity.SetTag("grpc.method", "/services.ProdService/GetProdStock");
        activity.SetTag("grpc.status_code", "5");

        RpcSpanEnricher.Enrich(activity, new DefaultHttpContext().Response);

        activity.DisplayName.Should().Be("services.ProdService/GetProdStock");
        activity.GetTagItem("rpc.system").Should().Be("grpc");
        activity.GetTagItem("rpc.service").Should().Be("services.ProdService");
        activity.GetTagItem("rpc.method").Should().Be("GetProdStock");
        activity.GetTagItem("rpc.grpc.status_code").Should().Be(5);
        activity.Status.Should().Be(ActivityStatusCode.Unset);
    }

    [Fact]
    public void Enrich_ExperimentalGrpcSupportTags_ReadsThemInstead()
    {
        // What OpenTelemetry's instrumentation leaves with OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_ENABLE_GRPC_INSTRUMENTATION=true.
        using var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn");
        activity.SetTag("rpc.system.name", "grpc");
        activity.SetTag("rpc.method", "services.OrderService/NewOrder");
        activity.SetTag("rpc.response.status_code", "DEADLINE_EXCEEDED");

        RpcSpanEnricher.Enrich(activity, new DefaultHttpContext().Response);

        activity.GetTagItem("rpc.service").Should().Be("services.OrderService");
        activity.GetTagItem("rpc.method").Should().Be("NewOrder");
        activity.GetTagItem("rpc.grpc.status_code").Should().Be(4);
        activity.Status.Should().Be(ActivityStatusCode.Error, "DEADLINE_EXCEEDED marks a server span failed");
    }

    [Fact]
    public void Enrich_PlainHttpRequest_LeavesTheSpanAlone()
    {
        using var activity = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn") { DisplayName = "GET /metrics" };

        RpcSpanEnricher.Enrich(activity, new DefaultHttpContext().Response);

        activity.DisplayName.Should().Be("GET /metrics");
        activity.Tags.Should().BeEmpty();
    }
}
