using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ProdStock.Bench.Pipeline;

if (args.Length > 0 && args[0] == "loop")
{
    return await ProfileLoop.RunAsync(args, Console.Out, Console.Error);
}

// Every case (scenario × server) runs in its own process with BenchmarkDotNet's default job, A and B of a scenario back
// to back (AlternatingServerOrderer); pass BenchmarkDotNet options after "--" to change the job (e.g. --filter '*unary*',
// --job short, --launchCount 3).
var config = DefaultConfig.Instance
    .WithOrderer(new AlternatingServerOrderer())
    .WithArtifactsPath(Path.Combine("bench", "results", "pipeline"));
BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args.Any(a => a is "--filter" or "-f") ? args : [.. args, "--filter", "*"], config);
return 0;
