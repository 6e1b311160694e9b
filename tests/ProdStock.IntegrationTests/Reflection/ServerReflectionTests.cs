using CodeFirst.Tests.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Reflection;

/// <summary>
/// Server reflection on the real host over mutual TLS, through Grpc.Reflection's v1 and v1alpha clients: a client with no
/// <c>.proto</c> and no compiled stub of the services lists them, reads their descriptors and calls them.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ServerReflectionTests(HostFixture fixture)
{
    public static TheoryData<ReflectionVersion> Versions => [ReflectionVersion.V1, ReflectionVersion.V1Alpha];

    public static TheoryData<string, ReflectionVersion> Symbols => new()
    {
        { "services.ProdService", ReflectionVersion.V1 },
        { "services.OrderService", ReflectionVersion.V1Alpha },
        { "services.UserService", ReflectionVersion.V1 },
        { "services.InventoryService", ReflectionVersion.V1Alpha },
        { "services.ProdService.GetProdStock", ReflectionVersion.V1 },
        { "services.OrderMain", ReflectionVersion.V1Alpha },
        { "services.ProdAreas", ReflectionVersion.V1 },
        { "grpc.health.v1.Health", ReflectionVersion.V1Alpha },
        { "grpc.health.v1.HealthCheckRequest", ReflectionVersion.V1 },
        { "grpc.reflection.v1.ServerReflection", ReflectionVersion.V1Alpha },
        { "grpc.reflection.v1alpha.ServerReflection", ReflectionVersion.V1 },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ListServices_EitherVersion_ListsEveryServiceOfTheHost(ReflectionVersion version)
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);

        var services = await Probe(channel.CreateCallInvoker(), version).ListServicesAsync().DefaultTimeout();

        services.Should().BeEquivalentTo(
            "services.ProdService", "services.OrderService", "services.UserService", "services.InventoryService",
            "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
    }

    [Theory]
    [MemberData(nameof(Symbols))]
    public async Task FileContainingSymbol_AnySymbol_ReturnsTheFileDefiningItWithEveryImport(string symbol, ReflectionVersion version)
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);

        var files = await Probe(channel.CreateCallInvoker(), version).FileContainingSymbolAsync(symbol).DefaultTimeout();

        var defining = ReflectionProbe.Build(files).Single(file => file.Name == files[0].Name);
        Defines(defining, symbol).Should().BeTrue("{0} is defined in the first file returned, {1}", symbol, files[0].Name);
        files.Select(file => file.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task FileContainingSymbol_ProdService_IsServicesProtoWithItsImports()
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);

        var files = await Probe(channel.CreateCallInvoker(), ReflectionVersion.V1).FileContainingSymbolAsync("services.ProdService").DefaultTimeout();

        files[0].Name.Should().Be("services.proto", "the file is named as protos/services.proto");
        files[0].Dependency.Should().BeEquivalentTo("google/protobuf/timestamp.proto", "validate/validate.proto", "google/api/annotations.proto");
        files.Select(file => file.Name).Should().BeEquivalentTo(
            "services.proto", "google/protobuf/timestamp.proto", "validate/validate.proto", "google/api/annotations.proto",
            "google/api/http.proto", "google/protobuf/descriptor.proto", "google/protobuf/duration.proto");
        var prodRequest = ReflectionProbe.Build(files).Single(file => file.Name == "services.proto").FindTypeByName<MessageDescriptor>("ProdRequest");
        prodRequest.Fields.InFieldNumberOrder().Select(field => (field.FieldNumber, field.Name)).Should().Equal((1, "prod_id"), (2, "prod_area"));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task GetProdStock_CalledFromReflectedDescriptorsOnly_ReturnsTheStoredStock(ReflectionVersion version)
    {
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        var invoker = channel.CreateCallInvoker();
        var files = await Probe(invoker, version).FileContainingSymbolAsync("services.ProdService").DefaultTimeout();
        var getProdStock = ReflectionProbe.Build(files).SelectMany(file => file.Services)
            .Single(service => service.FullName == "services.ProdService").FindMethodByName("GetProdStock");

        var response = await DynamicCall.UnaryAsync(
            invoker, getProdStock, new Dictionary<string, object> { ["prod_id"] = 998, ["prod_area"] = "B" }, TaskTimeoutExtensions.Timeout);

        response["prod_id"].Should().Be(998);
        response["prod_stock"].Should().Be(DemoDataSet.Product(998)!.StockIn(ProdAreas.B));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ServerReflection_SwitchedOffByOption_IsUnimplemented(ReflectionVersion version)
    {
        using var workspace = new TestWorkspace();
        await using var host = await TestHost.StartAsync(workspace.Certificates, workspace.StorePath, "--ProdStock:Grpc:Reflection=false");
        using var channel = RawChannels.Tls(host.Address, workspace.Certificates.Authority, workspace.Certificates.Client);

        var act = () => Probe(channel.CreateCallInvoker(), version).ListServicesAsync().DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }

    private static ReflectionProbe Probe(CallInvoker invoker, ReflectionVersion version) => new(invoker, version, TaskTimeoutExtensions.Timeout);

    private static bool Defines(FileDescriptor file, string symbol) =>
        file.Services.Any(s => s.FullName == symbol || s.Methods.Any(m => m.FullName == symbol))
        || file.MessageTypes.Any(m => m.FullName == symbol)
        || file.EnumTypes.Any(e => e.FullName == symbol);
}
