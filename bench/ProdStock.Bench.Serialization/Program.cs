using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using ProdStock.Bench.Serialization;

// A short job keeps the whole run to a few minutes on 2 cores; pass BenchmarkDotNet options after "--" to change it.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithId("short"))
    .WithArtifactsPath(Path.Combine("bench", "results", "serialization"));
BenchmarkSwitcher.FromAssembly(typeof(SerializationBenchmarks).Assembly).Run(args.Any(a => a is "--filter" or "-f") ? args : [.. args, "--filter", "*"], config);
