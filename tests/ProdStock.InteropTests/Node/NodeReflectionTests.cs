using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;

namespace ProdStock.InteropTests.Node;

/// <summary>
/// A Node.js client with no schema: node-client/reflection.js asks the host's server reflection for the services and
/// their descriptors (grpc-js-reflection-client, over @grpc/grpc-js with mutual TLS), builds the ProdService client from
/// them and calls GetProdStock.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class NodeReflectionTests(HostFixture fixture, NodeClientFixture node) : IClassFixture<NodeClientFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("v1")]
    [InlineData("v1alpha")]
    public async Task ReflectionClient_NoSchemaOnDisk_ListsTheServicesAndGetsDemoStock(string version)
    {
        _ = node; // its start installed node-client's locked dependencies

        var run = await RunAsync(version);

        run.ExitCode.Should().Be(0, run.Transcript);
        run.UnreadableLines.Should().BeEmpty(run.Transcript);
        run.Call("ListServices").Get("services").EnumerateArray().Select(s => s.GetString()).Should().BeEquivalentTo(
            ["services.ProdService", "services.OrderService", "services.UserService", "services.InventoryService",
             "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"], run.Transcript);
        run.Call("FileContainingSymbol").Get("methods").EnumerateArray().Select(m => m.GetString()).Should().Equal(
            ["GetProdStock", "GetProdStocks", "GetProdInfo"], run.Transcript);
        var stock = run.Call("GetProdStock");
        stock.Get("prod_id").GetInt32().Should().Be(1, run.Transcript);
        stock.Get("prod_stock").GetInt32().Should().Be(DemoDataSet.Product(1)!.StockIn(ProdAreas.B), run.Transcript);
    }

    private async Task<NodeClientRun> RunAsync(string version)
    {
        var certificates = fixture.Certificates;
        string[] arguments =
        [
            "reflection.js",
            // "localhost": the name the server certificate carries (with 127.0.0.1 and ::1 as IP SANs).
            "--address", $"localhost:{fixture.Address.Port}",
            "--ca", certificates.CaPath,
            "--cert", certificates.ClientCertificatePath,
            "--key", certificates.ClientKeyPath,
            "--reflection", version,
            "--deadline-seconds", "10",
        ];
        var result = await ExternalProcess.RunAsync(ExternalProcess.Node, arguments, NodeClientPaths.ClientFolder, RunTimeout);
        return NodeClientRun.Parse(result, orderNo: "");
    }
}
