using ProdStock.Host.Commands;
using CodeFirst.Schema;
using ProdStock.UnitTests.Infrastructure;
using CodeFirst.Model;

namespace ProdStock.UnitTests.Host.Commands;

public sealed class ProtoAndGatewayCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ProtoRunAsync_OutFolder_WritesTheSchemaAndEveryFileItImports()
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(["--out", _folder.Path], _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(0, _error.ToString());
        (await File.ReadAllTextAsync(_folder.Combine(ProdStockSchema.FileName))).Should().Be(ProdStockSchema.Export());
        foreach (var file in ProdStockSchema.ExportWithImports(ProdStockSchema.Options()))
        {
            (await File.ReadAllTextAsync(_folder.Combine(file.Path.Split('/')))).Should().Be(file.Content, file.Path);
        }

        Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories).Should().HaveCount(10);
        _output.ToString().Should().Contain("wrote ");
    }

    [Fact]
    public async Task ProtoRunAsync_FileOptionsGiven_WritesThemInsteadOfTheDefaults()
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(
            ["--out", _folder.Path, "--go-package", "example.org/inventory/pb;pb", "--csharp-namespace", "Inventory.Grpc", "--java-package", "org.example.inventory"],
            _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(0, _error.ToString());
        var schema = await File.ReadAllTextAsync(_folder.Combine(ProdStockSchema.FileName));
        schema.Should().Contain("option go_package = \"example.org/inventory/pb;pb\";")
            .And.Contain("option csharp_namespace = \"Inventory.Grpc\";")
            .And.Contain("option java_package = \"org.example.inventory\";")
            .And.Contain("package services;")
            .And.NotContain(ProdStockSchema.DefaultGoPackage);
    }

    [Theory]
    [InlineData("--go-package", "services", "GoPackage")]
    [InlineData("--csharp-namespace", "ProdStock-Grpc", "CSharpNamespace")]
    [InlineData("--java-package", "com..example", "JavaPackage")]
    public async Task ProtoRunAsync_InvalidFileOption_ReturnsUsageExitCodeNamingItAndWritesNothing(string argument, string value, string option)
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(["--out", _folder.Path, argument, value], _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode);
        _error.ToString().Should().Contain(option).And.Contain(value);
        Directory.EnumerateFileSystemEntries(_folder.Path).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--go-package")]
    [InlineData("--csharp-namespace")]
    [InlineData("--java-package")]
    public async Task ProtoRunAsync_FileOptionWithoutValue_ReturnsUsageExitCode(string argument)
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(["--out", _folder.Path, argument], _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode);
        _error.ToString().Should().Contain(argument);
    }

    [Fact]
    public async Task SchemaFolderWriterWriteAsync_PathOutsideTheFolder_ThrowsAndWritesNothingThere()
    {
        // Arrange
        var inside = _folder.Combine("out");

        // Act
        var act = () => SchemaFolderWriter.WriteAsync(inside, [new CodeFirst.Schema.ProtoSchemaFile("../escaped.proto", "syntax = \"proto3\";")]);

        // Assert
        await act.Should().ThrowAsync<IOException>().WithMessage("*outside*").DefaultTimeout();
        File.Exists(_folder.Combine("escaped.proto")).Should().BeFalse();
    }

    [Fact]
    public async Task ProtoRunAsync_UnknownArgument_ReturnsUsageExitCode()
    {
        // Act
        var exitCode = await new ProtoCommand().RunAsync(["--bogus"], _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode);
        _error.ToString().Should().Contain("--bogus");
    }

    [Theory]
    [InlineData(new string[0], "--upstream' is required")]
    [InlineData(new[] { "--upstream", "http://localhost:10086" }, "must be an https address")]
    [InlineData(new[] { "--upstream", "not a uri" }, "must be an https address")]
    public async Task GatewayRunAsync_MissingOrBadUpstream_ReturnsUsageExitCodeAndSaysWhy(string[] arguments, string message)
    {
        // Act
        var exitCode = await new GatewayCommand([], _ => Task.FromResult(0), new System.CommandLine.Option<bool>("--verbose")).RunAsync(arguments, _output, _error).DefaultTimeout();

        // Assert
        exitCode.Should().Be(HostCommandLine.UsageExitCode);
        _error.ToString().Should().Contain(message);
    }
}
