using Grpc.Core;
using Grpc.Health.V1;
using ProdStock.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ProdStock.IntegrationTests.HealthChecks;

/// <summary><c>grpc.health.v1.Health</c> answers for the whole server and for each ProdStock service by its wire name.</summary>
[Collection(HostCollection.Name)]
public sealed class GrpcHealthServiceTests(HostFixture fixture)
{
    public static TheoryData<string> ServiceNames =>
        ["", "services.ProdService", "services.OrderService", "services.UserService", "services.InventoryService"];

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public async Task Check_ServiceOfTheHost_ReturnsServing(string service)
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }).ResponseAsync.DefaultTimeout();

        response.Status.Should().Be(ServingStatus.Serving);
    }

    [Theory]
    [InlineData("services.NoSuchService")]
    [InlineData("ProdService")]
    [InlineData("store")]
    public async Task Check_UnknownService_ThrowsNotFound(string service)
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);

        var act = () => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }).ResponseAsync.DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
    }

    [Theory]
    [InlineData("services.ProdService")]
    [InlineData("")]
    public async Task Watch_ServiceOfTheHost_StreamsServing(string service)
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        using var cts = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
        using var call = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = service }, cancellationToken: cts.Token);

        (await call.ResponseStream.MoveNext(cts.Token).DefaultTimeout()).Should().BeTrue();

        call.ResponseStream.Current.Status.Should().Be(ServingStatus.Serving);
    }

    [Fact]
    public async Task Watch_UnknownService_StreamsServiceUnknown()
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        using var cts = new CancellationTokenSource(TaskTimeoutExtensions.Timeout);
        using var call = new Health.HealthClient(channel).Watch(new HealthCheckRequest { Service = "services.NoSuchService" }, cancellationToken: cts.Token);

        (await call.ResponseStream.MoveNext(cts.Token).DefaultTimeout()).Should().BeTrue();

        call.ResponseStream.Current.Status.Should().Be(ServingStatus.ServiceUnknown);
    }
}
