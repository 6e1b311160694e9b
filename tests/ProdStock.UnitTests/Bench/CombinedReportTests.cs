using System.Text.Json;
using ProdStock.Bench;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench;

public sealed class CombinedReportTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("prodstock-combine-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Combine_TwoRunsOfThreeRounds_PoolsSixPairedRounds()
    {
        var first = Result(Unary(1, a: 100, b: 90), Unary(2, a: 102, b: 95), Unary(3, a: 104, b: 100));
        var second = Result(Unary(1, a: 106, b: 92), Unary(2, a: 108, b: 94), Unary(3, a: 110, b: 96));

        var unary = CombinedReport.Combine([first, second]).Should().ContainSingle().Subject;

        unary.Scenario.Should().Be("unary");
        unary.Rounds.Should().Be(6);
        unary.CallsPerSecond!.MedianA.Should().Be(105);
        unary.CallsPerSecond.MedianB.Should().Be(94.5);
        unary.CallsPerSecond.Interval.Ratio.Should().BeApproximately(105 / 94.5, 1e-12);
        unary.CallsPerSecond.Interval.Rounds.Should().Be(6);
        var cpuA = (1000 / 104.0 + 1000 / 106.0) / 2;
        var cpuB = (1000 / 94.0 + 1000 / 95.0) / 2;
        unary.CpuPerCall!.Interval.Ratio.Should().BeApproximately(cpuA / cpuB, 1e-12);
    }

    [Fact]
    public void Combine_Rounds_AlsoGivesTheMedianOfEachRoundsRatio()
    {
        var result = Result(Unary(1, a: 200, b: 100), Unary(2, a: 99, b: 100), Unary(3, a: 60, b: 50));

        var unary = CombinedReport.Combine([result]).Single();

        unary.CallsPerSecond!.Interval.Ratio.Should().BeApproximately(99 / 100.0, 1e-12);
        unary.CallsPerSecond.EachRound.Ratio.Should().BeApproximately(1.2, 1e-12);
        unary.CallsPerSecond.EachRound.Rounds.Should().Be(3);
    }

    [Fact]
    public void Write_Rounds_PrintsEachRoundsRatioInASecondTable()
    {
        var result = Result(Unary(1, a: 200, b: 100), Unary(2, a: 99, b: 100), Unary(3, a: 60, b: 50));

        var markdown = CombinedReport.Write([result], ["one.json"]);

        markdown.Should().Contain("Each round's own ratio").And.Contain("| unary | 3 | 0.990 [").And.Contain("| unary | 3 | 1.200 [");
    }

    [Fact]
    public void Combine_RestRounds_ComparedWithAsOwnUnaryRoundNotWithB()
    {
        var result = Result(
            Unary(1, a: 100, b: 50), [Run("rest", "A", 1, callsPerSecond: 140, cpu: 8, bytes: 900)],
            Unary(2, a: 100, b: 50), [Run("rest", "A", 2, callsPerSecond: 140, cpu: 8, bytes: 900)]);

        var rest = CombinedReport.Combine([result]).Single(s => s.Scenario == "rest");

        rest.Basis.Should().Contain("gRPC unary");
        rest.Rounds.Should().Be(2);
        rest.CallsPerSecond!.Interval.Ratio.Should().BeApproximately(1.4, 1e-12);
        rest.CpuPerCall!.Interval.Ratio.Should().BeApproximately(0.8, 1e-12);
    }

    [Fact]
    public void Combine_ARoundWithFailedCalls_ReportsTheErrorsInsteadOfRatios()
    {
        var result = Result(Unary(1, a: 100, b: 90), [Run("unary", "A", 2, callsPerSecond: null, cpu: 10, bytes: 2000, errors: 7), Run("unary", "B", 2, 90, 10, 2000)]);

        var unary = CombinedReport.Combine([result]).Single();
        var markdown = CombinedReport.Write([result], ["one.json"]);

        unary.ErrorsA.Should().Be(7);
        unary.CallsPerSecond.Should().BeNull();
        unary.CpuPerCall.Should().BeNull();
        markdown.Should().Contain("errors: A 7, B 0").And.Contain("unary had failed calls (A 7, B 0)").And.NotContain("all met");
    }

    [Fact]
    public void Combine_RestWhoseUnaryBasisFailed_CountsTheBasisErrors()
    {
        var result = Result([Run("unary", "A", 1, callsPerSecond: null, cpu: 10, bytes: 2000, errors: 3), Run("unary", "B", 1, 90, 10, 2000)], [Run("rest", "A", 1, 140, 8, 900)]);

        var rest = CombinedReport.Combine([result]).Single(s => s.Scenario == "rest");

        rest.ErrorsB.Should().Be(3);
        rest.CallsPerSecond.Should().BeNull();
        CombinedReport.Write([result], ["one.json"]).Should().Contain("rest had failed calls (A 0, B 3)");
    }

    [Fact]
    public void Write_ABetterEverywhere_SaysAllTargetsMet()
    {
        var result = Result(Enumerable.Range(1, 5).Select(round => Unary(round, a: 110 + round, b: 100 + round)).ToArray());

        var markdown = CombinedReport.Write([result], ["one.json"]);

        markdown.Should().Contain("| unary | 5 | ").And.Contain("**better**").And.Contain("all met");
    }

    [Fact]
    public void Write_ASlowerThanB_NamesTheMissedTarget()
    {
        var result = Result(Enumerable.Range(1, 3).Select(round => Unary(round, a: 90, b: 100)).ToArray());

        var markdown = CombinedReport.Write([result], ["one.json"]);

        markdown.Should().Contain("missed: unary calls/s 0.900; unary CPU/call 1.111").And.Contain("**worse**");
    }

    [Fact]
    public void Incompatibility_SameCommitMachineAndSettings_None()
    {
        CombinedReport.Incompatibility([("a.json", Result(Unary(1, 1, 1))), ("b.json", Result(Unary(1, 2, 2)))]).Should().BeNull();
    }

    [Fact]
    public void Incompatibility_DifferentCommits_NamesEachCommitAndItsFiles()
    {
        var other = Result(Unary(1, 1, 1)) with { Machine = Machine with { GitCommit = "bbbb" } };

        var problem = CombinedReport.Incompatibility([("a.json", Result(Unary(1, 1, 1))), ("b.json", other)]);

        problem.Should().Contain("different commits").And.Contain("aaaa (a.json)").And.Contain("bbbb (b.json)");
    }

    [Fact]
    public void Incompatibility_UncommittedChanges_CountAsAnotherCommit()
    {
        var dirty = Result(Unary(1, 1, 1)) with { Machine = Machine with { GitDirty = true } };

        CombinedReport.Incompatibility([("a.json", Result(Unary(1, 1, 1))), ("b.json", dirty)]).Should().Contain("uncommitted changes");
    }

    [Fact]
    public void Incompatibility_DifferentWindowOrStore_NamesTheSettings()
    {
        var longer = Result(Unary(1, 1, 1)) with { Settings = new BenchSettings { Duration = TimeSpan.FromSeconds(20) } };
        var memory = Result(Unary(1, 1, 1)) with { Settings = new BenchSettings { Store = "memory" } };

        CombinedReport.Incompatibility([("a.json", Result(Unary(1, 1, 1))), ("b.json", longer)]).Should().Contain("different settings").And.Contain("20 s window");
        CombinedReport.Incompatibility([("a.json", Result(Unary(1, 1, 1))), ("b.json", memory)]).Should().Contain("store memory");
    }

    [Fact]
    public void Incompatibility_MoreRoundsInOneRun_StillCombined()
    {
        var more = Result(Unary(1, 1, 1)) with { Settings = new BenchSettings { Rounds = 9 } };

        CombinedReport.Incompatibility([("a.json", Result(Unary(1, 1, 1))), ("b.json", more)]).Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_ResultFilesAsTheBenchmarkWritesThem_PrintsTheCombinedTable()
    {
        var first = await SaveAsync("first.json", Result(Unary(1, a: 100, b: 100), Unary(2, a: 104, b: 101)));
        var second = await SaveAsync("second.json", Result(Unary(1, a: 103, b: 99)));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CombinedReport.RunAsync([first, second], output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(0, error.ToString());
        output.ToString().Should().Contain("2 run(s) combined").And.Contain("first.json, second.json").And.Contain("| unary | 3 | 1.030 [");
    }

    [Fact]
    public async Task RunAsync_ResultWrittenBeforeScenarioWarmUps_ReadAsHavingNone()
    {
        var path = await SaveAsync("old.json", Result(Unary(1, a: 100, b: 100)));
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        json["settings"]!.AsObject().Remove("scenarioWarmup").Should().BeTrue();
        await File.WriteAllTextAsync(path, json.ToJsonString());
        var current = await SaveAsync("current.json", Result(Unary(1, a: 100, b: 100)));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var alone = await CombinedReport.RunAsync([path], output, error, CancellationToken.None).DefaultTimeout();
        var mixed = await CombinedReport.RunAsync([path, current], TextWriter.Null, error, CancellationToken.None).DefaultTimeout();

        alone.Should().Be(0);
        output.ToString().Should().Contain(" 0 s per scenario");
        mixed.Should().Be(2, "a run without scenario warm-ups measured under other settings");
        error.ToString().Should().Contain("different settings");
    }

    [Fact]
    public async Task RunAsync_MissingFile_ExitsWithTwoNamingIt()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var missing = Path.Combine(_folder.FullName, "missing.json");

        var exitCode = await CombinedReport.RunAsync([missing], output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().Contain("cannot read").And.Contain("missing.json");
        output.ToString().Should().BeEmpty();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1, 2]")]
    [InlineData("not json")]
    public async Task RunAsync_FileThatIsNotAResult_ExitsWithTwo(string content)
    {
        var path = Path.Combine(_folder.FullName, "other.json");
        await File.WriteAllTextAsync(path, content);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CombinedReport.RunAsync([path], output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().Contain("other.json");
    }

    [Fact]
    public async Task RunAsync_ResultsOfDifferentCommits_ExitsWithTwoAndPrintsNoTable()
    {
        var first = await SaveAsync("first.json", Result(Unary(1, 1, 1)));
        var second = await SaveAsync("second.json", Result(Unary(1, 1, 1)) with { Machine = Machine with { GitCommit = "bbbb" } });
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CombinedReport.RunAsync([first, second], output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().Contain("different commits");
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_NoFiles_PrintsUsageAndExitsWithTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await CombinedReport.RunAsync([], output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().Contain("usage:").And.Contain("combine RESULT.json");
    }

    private static readonly MachineInfo Machine = new("AMD EPYC", 2, [1], 23.5, "Debian", "6.18", ".NET 10.0.12", "workstation, Interactive", "aaaa", false, null);

    private static SavedResult Result(params RunResult[][] rounds) =>
        new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), Machine, new BenchSettings(), rounds.SelectMany(r => r).ToArray());

    /// <summary>A unary round: A and B with these calls/s, and CPU per call the inverse of it (as on a busy server).</summary>
    private static RunResult[] Unary(int round, double a, double b) =>
        [Run("unary", "A", round, a, 1000 / a, 2000), Run("unary", "B", round, b, 1000 / b, 2100)];

    private static RunResult Run(string scenario, string server, int round, double? callsPerSecond, double cpu, double bytes, long errors = 0) =>
        new(scenario, server, round, server == "A" ? 1 : 2, 2, 16, 8, 1000, errors,
            errors > 0 ? new Dictionary<string, int> { ["Unavailable"] = (int)errors } : new Dictionary<string, int>(),
            new Dictionary<string, string>(), callsPerSecond, 0.5, 1.5, 2.5, 0.5, 1, 0.9, cpu, 1_000_000, bytes, 1, 0, 0, 1, 0.8, 0, "workstation", 1, 0);

    private async Task<string> SaveAsync(string name, SavedResult result)
    {
        // Written as the benchmark writes its results: the whole report, of which combining reads a part.
        var report = new BenchReport(result.StartedUtc, result.StartedUtc.AddMinutes(6), 360, result.Machine, "0.1 0.2 0.3", "0.4 0.5 0.6",
            result.Settings, "servers on CPU 0", [], BenchReport.Summarize(result.Runs, []), [], result.Runs, "dotnet run");
        var path = Path.Combine(_folder.FullName, name);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json.Options));
        return path;
    }
}
