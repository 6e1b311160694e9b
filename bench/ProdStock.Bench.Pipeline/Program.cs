using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using ProdStock.Bench.Pipeline;

if (args.Length > 0 && args[0] == "loop")
{
    return await ProfileLoop.RunAsync(args, Console.Out, Console.Error);
}

if (args.Length > 0 && args[0] == "paired")
{
    return await PairedBlocks.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}

if (args.Length > 0 && args[0] == "block-server")
{
    return await BlockServer.RunAsync(args, Console.In, Console.Out, Console.Error);
}

if (args.Length > 0 && args[0] == "instructions")
{
    return await InstructionCount.RunAsync(args, ProdStock.Bench.Affinity.FindOnPath("valgrind"), Console.Out, Console.Error, CancellationToken.None);
}

// Every case (scenario × server) runs in its own process with BenchmarkDotNet's default job, A and B of a scenario back
// to back (AlternatingServerOrderer; "--first B" lets B start); pass BenchmarkDotNet options after "--" to change the
// job (e.g. --filter '*unary*', --job short, --launchCount 3).
if (FirstServerOption.TryTake(ref args, out var first, out var problem) is false)
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}

var config = DefaultConfig.Instance
    .WithOrderer(new AlternatingServerOrderer(first))
    .WithArtifactsPath(ResultFile.Folder);
BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args.Any(a => a is "--filter" or "-f") ? args : [.. args, "--filter", "*"], config);
return 0;
