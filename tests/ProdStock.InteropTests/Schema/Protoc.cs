using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Google.Protobuf.Reflection;

namespace ProdStock.InteropTests.Schema;

/// <summary>
/// protoc from the Grpc.Tools package, with the well-known types, the googleapis annotations and the checked-in
/// <c>protos/</c> (for <c>validate/validate.proto</c>) on its path after the folder compiled from; or with that folder alone.
/// </summary>
internal static class Protoc
{
    private static readonly string ToolsPath = Metadata("GrpcToolsPath");

    public static string Executable => Path.Combine(ToolsPath, "tools", Platform(), OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");

    public static string WellKnownTypesPath => Path.Combine(ToolsPath, "build", "native", "include");

    public static string GoogleApiPath => Metadata("GoogleApiProtosPath");

    /// <summary>The custom options the descriptor sets are parsed with: <c>(google.api.http)</c> and <c>(validate.rules)</c>.</summary>
    public static Google.Protobuf.ExtensionRegistry Extensions { get; } = [Google.Api.AnnotationsExtensions.Http, Validate.ValidateExtensions.Rules];

    /// <summary>The result of one protoc run.</summary>
    public sealed record Result(int ExitCode, string Diagnostics, FileDescriptorSet? Descriptors);

    /// <summary>Compiles <paramref name="files"/> (relative to <paramref name="protoPath"/>) into a descriptor set with imports.</summary>
    public static Task<Result> CompileAsync(string protoPath, params string[] files) =>
        RunAsync([$"--proto_path={protoPath}", $"--proto_path={WellKnownTypesPath}", $"--proto_path={GoogleApiPath}",
            $"--proto_path={RepositoryPaths.Protos}", .. files]);

    /// <summary>Compiles <paramref name="files"/> with <paramref name="protoPath"/> as protoc's only include folder: nothing else is found.</summary>
    public static Task<Result> CompileAloneAsync(string protoPath, params string[] files) =>
        RunAsync([$"--proto_path={protoPath}", .. files]);

    private static async Task<Result> RunAsync(string[] arguments)
    {
        var output = Path.Combine(Path.GetTempPath(), $"prodstock-{Guid.NewGuid():N}.pb");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--include_imports", $"--descriptor_set_out={output}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var diagnostics = ((await stdout) + (await stderr)).Trim();
            var parser = FileDescriptorSet.Parser.WithExtensionRegistry(Extensions);
            var descriptors = process.ExitCode == 0 ? parser.ParseFrom(await File.ReadAllBytesAsync(output)) : null;
            return new Result(process.ExitCode, diagnostics, descriptors);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Compiles proto source text given in memory (for the checker's own tests).</summary>
    public static async Task<FileDescriptorSet> CompileTextAsync(string fileName, string source)
    {
        var folder = Directory.CreateTempSubdirectory("prodstock-proto-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, fileName), source);
            var result = await CompileAsync(folder, fileName);
            result.ExitCode.Should().Be(0, result.Diagnostics);
            return result.Descriptors!;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Platform()
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macosx" : "linux";
        if (os == "macosx")
        {
            return "macosx_universal";
        }

        return os + "_" + RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            var other => throw new PlatformNotSupportedException($"No protoc in Grpc.Tools for {other}."),
        };
    }

    private static string Metadata(string key) =>
        typeof(Protoc).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing (see ProdStock.InteropTests.csproj).");
}
