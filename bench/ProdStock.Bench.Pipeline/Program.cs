using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ProdStock.Bench.Pipeline;

if (args.Length > 0 && args[0] == "loop")
{
    return await ProfileLoop.RunAsync(args, Console.Out, Console.Error);
}

// Every case (scenario × server) runs in its own process with BenchmarkDotNet's default job; pass BenchmarkDotNet
// options after "--" to change it (e.g. --filter '*unary*', --job short, --launchCount 3).
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine("bench", "results", "pipeline"));
BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args.Any(a => a is "--filter" or "-f") ? args : [.. args, "--filter", "*"], config);
return 0;
