using ProdStock.Host.Commands;
using ProdStock.InteropTests.Schema;
using ProdStock.Testing;

namespace ProdStock.InteropTests.Node;

/// <summary>
/// The Node.js example of node-client/README.md, run as written: its <c>cd</c>, <c>npm ci</c> and <c>node client.js</c>
/// lines, taken from the README file, in a copy of the repository's layout (certs/, protos/ written by
/// <c>proto --out protos</c>, the client's folder) whose certificates are the test host's. Only the port differs: the
/// test host listens on a free port rather than 10086.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class NodeReadmeCommandTests(HostFixture fixture) : IDisposable
{
    private const string ReadmePort = "localhost:10086";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("prodstock-readme-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task ReadmeNodeCommand_RunAsWritten_AnswersEveryCallAsExpected()
    {
        // Arrange
        var readme = await File.ReadAllTextAsync(Path.Combine(NodeClientPaths.ClientFolder, "README.md"));
        var block = ReadmeCommands.BashBlocks(readme)
            .Where(body => body.Contains("node client.js", StringComparison.Ordinal))
            .Should().ContainSingle("node-client/README.md shows the client's command in one bash block").Subject;
        block.Should().StartWith("cd tests/ProdStock.InteropTests/node-client\n").And.Contain(ReadmePort);
        await LayOutRepositoryAsync();

        // Act
        var result = await ExternalProcess.RunAsync(
            "bash", ["-e", "-c", block.Replace(ReadmePort, $"localhost:{fixture.Address.Port}", StringComparison.Ordinal)],
            _root.FullName, TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromMinutes(6));

        // Assert
        var run = NodeClientRun.Parse(result, orderNo: "");
        run.ExitCode.Should().Be(0, run.Transcript);
        run.Lines.Select(l => l.Get("call").GetString()).Should().Equal(
            ["GetProdStock", "GetProdStocks", "GetProdInfo", "NewOrder", "NewOrder", "GetUserScoreByServerStream",
             "GetUserScoreByClientStream", "GetUserScoreByDoubleEndStream", "GetProdStock", "GetProdStocks"], run.Transcript);
        run.Lines.Where(l => l.TryGetProperty("unexpected", out _)).Should().BeEmpty(run.Transcript);
    }

    /// <summary>certs/ with the test host's CA and client certificate, protos/ as the proto command writes it, and the client's files.</summary>
    private async Task LayOutRepositoryAsync()
    {
        var certs = _root.CreateSubdirectory("certs").FullName;
        File.Copy(fixture.Certificates.CaPath, Path.Combine(certs, "ca.pem"));
        File.Copy(fixture.Certificates.ClientCertificatePath, Path.Combine(certs, "client.pem"));
        File.Copy(fixture.Certificates.ClientKeyPath, Path.Combine(certs, "client.key"));

        var exitCode = await new ProtoCommand().RunAsync(["--out", Path.Combine(_root.FullName, "protos")], TextWriter.Null, TextWriter.Null).DefaultTimeout();
        exitCode.Should().Be(0);

        var client = _root.CreateSubdirectory(Path.Combine("tests", "ProdStock.InteropTests", "node-client")).FullName;
        foreach (var file in new[] { "client.js", "package.json", "package-lock.json" })
        {
            File.Copy(Path.Combine(NodeClientPaths.ClientFolder, file), Path.Combine(client, file));
        }
    }
}
