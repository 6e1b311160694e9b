using ProdStock.Host.Commands;
using ProdStock.Testing;
using ProdStock.Testing.Provisioning;

namespace ProdStock.InteropTests.Schema;

/// <summary>
/// <c>proto --out DIR</c> writes the schema with every file it imports, so that protoc compiles it with <c>-I DIR</c>
/// alone; the checked-in <c>protos/</c> is that set; the README's Go command generates code from it as written.
/// </summary>
public sealed class SchemaSetTests : IDisposable
{
    private static readonly DebianPackages GoGenerators = new(
        "the README's Go example needs protoc with protoc-gen-go and protoc-gen-go-grpc",
        ["protobuf-compiler", "protoc-gen-go", "protoc-gen-go-grpc"],
        () => [.. new[] { "protoc", "protoc-gen-go", "protoc-gen-go-grpc" }.Where(tool => !OnPath(tool))]);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("prodstock-protos-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task CheckedInProtos_ComparedWithExport_HoldEveryExportedFileUnchanged()
    {
        foreach (var file in ProdStockSchema.ExportWithImports(ProdStockSchema.Options()))
        {
            var path = Path.Combine([RepositoryPaths.Protos, .. file.Path.Split('/')]);
            File.Exists(path).Should().BeTrue($"protos/{file.Path} is part of the exported set: run `{ProdStockSchema.RegenerateCommand}` and commit the result");
            (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n").Should().Be(file.Content.ReplaceLineEndings("\n"),
                $"protos/{file.Path} must be what the export writes: run `{ProdStockSchema.RegenerateCommand}` and commit the result");
        }
    }

    [Fact]
    public async Task ProtoCommand_OutTempFolder_CompilesWithProtocAndOnlyThatFolder()
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(["--out", _folder.FullName], TextWriter.Null, TextWriter.Null).DefaultTimeout();
        var result = await Protoc.CompileAloneAsync(_folder.FullName, ProdStockSchema.FileName).DefaultTimeout();

        // Assert
        exitCode.Should().Be(0);
        result.ExitCode.Should().Be(0, result.Diagnostics);
        result.Diagnostics.Should().BeEmpty("protoc prints warnings (unused imports, …) on stderr");
        var schema = result.Descriptors!.File.Single(file => file.Name == ProdStockSchema.FileName);
        schema.Package.Should().Be("services");
        schema.Options.GoPackage.Should().Be(ProdStockSchema.DefaultGoPackage);
        schema.Options.CsharpNamespace.Should().Be(ProdStockSchema.DefaultCSharpNamespace);
        schema.Options.JavaPackage.Should().Be(ProdStockSchema.DefaultJavaPackage);
        schema.Options.JavaMultipleFiles.Should().BeTrue();
    }

    [Fact]
    public async Task ProtoCommand_OutTempFolder_WithoutTheWrittenImportsProtocFails()
    {
        // The check above can fail: protoc given the folder without an import finds nothing else.
        await new ProtoCommand().RunAsync(["--out", _folder.FullName], TextWriter.Null, TextWriter.Null).DefaultTimeout();
        File.Delete(Path.Combine(_folder.FullName, "google", "protobuf", "timestamp.proto"));

        var result = await Protoc.CompileAloneAsync(_folder.FullName, ProdStockSchema.FileName).DefaultTimeout();

        result.ExitCode.Should().NotBe(0);
        result.Diagnostics.Should().Contain("google/protobuf/timestamp.proto");
    }

    [Fact]
    public async Task ReadmeGoCommand_RunWhereProtoWroteProtos_GeneratesTheGoPackage()
    {
        // Arrange: the README's command, run as written in a folder whose protos/ is what `proto --out protos` writes
        // (CheckedInProtos_… proves the repository's protos/ is the same), so the repository is left untouched.
        var command = ReadmeCommands.InlineCode(ReadmeCommands.Section(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md")), "Other languages"))
            .Where(code => code.StartsWith("protoc ", StringComparison.Ordinal) && code.Contains("--go_out", StringComparison.Ordinal))
            .Should().ContainSingle("the README's \"Other languages\" section shows one protoc command for Go").Subject;
        await GoGenerators.EnsureInstalledAsync().WaitAsync(DebianPackages.InstallTimeout);
        var exitCode = await new ProtoCommand().RunAsync(["--out", Path.Combine(_folder.FullName, "protos")], TextWriter.Null, TextWriter.Null).DefaultTimeout();
        exitCode.Should().Be(0);

        // Act
        var result = await ProcessRunner.RunAsync("bash", ["-e", "-c", command], TimeSpan.FromMinutes(2), workingDirectory: _folder.FullName).WaitAsync(TimeSpan.FromMinutes(3));

        // Assert
        result.Succeeded.Should().BeTrue($"`{command}` must run as the README writes it: {result.Failure}\n{result.Output}");
        var generated = Path.Combine(_folder.FullName, "example.com", "prodstock", "services");
        (await File.ReadAllTextAsync(Path.Combine(generated, "services.pb.go"))).Should().Contain("package services").And.Contain("type ProdRequest struct");
        (await File.ReadAllTextAsync(Path.Combine(generated, "services_grpc.pb.go"))).Should().Contain("type ProdServiceClient interface");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
}
