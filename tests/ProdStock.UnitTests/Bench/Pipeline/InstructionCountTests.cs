using ProdStock.Bench.Pipeline;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class InstructionCountTests
{
    [Fact]
    public void ReadSummary_CachegrindOutput_InstructionTotal()
    {
        const string text = "desc: I1 cache: 32768 B, 64 B, 8-way associative\ncmd: dotnet ProdStock.Bench.Pipeline.dll loop A unary --calls 2000\n"
            + "events: Ir\nfl=???\nfn=0x0000000000001000\n0 12\nsummary: 4807145134\n";

        CachegrindRun.ReadSummary(text).Should().Be(4_807_145_134);
    }

    [Fact]
    public void ReadSummary_SeveralEvents_FirstOne()
    {
        CachegrindRun.ReadSummary("events: Ir Dr Dw\nsummary: 100 40 20\n").Should().Be(100);
    }

    [Theory]
    [InlineData("")]
    [InlineData("events: Ir\n")]
    [InlineData("events: Ir\nsummary:\n")]
    [InlineData("events: Ir\nsummary: many\n")]
    public void ReadSummary_NoCount_Throws(string text)
    {
        var read = () => CachegrindRun.ReadSummary(text);

        read.Should().Throw<InvalidOperationException>().WithMessage("*summary*");
    }

    [Fact]
    public void Environment_TimingIndependentRuntime_NoTieringNoBackgroundGc()
    {
        CachegrindRun.Environment.Should().Contain("DOTNET_TieredCompilation", "0").And.Contain("DOTNET_gcConcurrent", "0");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Plan_EveryScenario_LongRunAfterShortRun(string scenario)
    {
        var plan = InstructionCount.Plan(scenario);

        plan.Short.Should().BePositive();
        plan.Long.Should().BeGreaterThan(plan.Short);
        plan.OperationsPerCall.Should().BePositive();
    }

    [Fact]
    public void Plan_UnknownScenario_Throws()
    {
        var plan = () => InstructionCount.Plan("rest");

        plan.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void PerOperation_Unary_DifferenceOverExtraCalls()
    {
        // Start-up (4.2 billion) is in both runs; the 20,000 extra calls cost 1.22 billion.
        var perCall = InstructionCount.PerOperation(4_200_000_000 + (2_000 * 61_000L), 4_200_000_000 + (22_000 * 61_000L), InstructionCount.Plan("unary"));

        perCall.Should().Be(61_000);
    }

    [Fact]
    public void PerOperation_Duplex_PerRoundTrip()
    {
        var plan = InstructionCount.Plan("duplex");
        var perCall = 100 * 9_000L;

        var perRoundTrip = InstructionCount.PerOperation(5_000_000_000 + (plan.Short * perCall), 5_000_000_000 + (plan.Long * perCall), plan);

        perRoundTrip.Should().Be(9_000);
    }

    [Fact]
    public void ServerInstructionsOf_Totals_KeptWithThePerCallCount()
    {
        var counts = ServerInstructions.Of(4_000_000_000, 5_220_000_000, InstructionCount.Plan("unary"));

        counts.Should().Be(new ServerInstructions(4_000_000_000, 5_220_000_000, 61_000));
    }

    [Fact]
    public void Markdown_Results_OneRowPerScenarioWithRatio()
    {
        var markdown = InstructionCount.Markdown([new ScenarioInstructions("unary", "call", 2_000, 22_000,
            new ServerInstructions(4_000_000_000, 5_220_000_000, 61_000), new ServerInstructions(3_000_000_000, 4_228_000_000, 61_400))]);

        markdown.Should().Contain("| unary | call | 61,000 | 61,400 | 0.993 |");
    }

    [Fact]
    public async Task RunAsync_UnknownScenario_UsageAndExitCode2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await InstructionCount.RunAsync(["instructions", "unary", "bidi"], "/usr/bin/valgrind", output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(2);
        error.ToString().Should().Contain("unknown scenario 'bidi'").And.Contain(InstructionCount.Usage);
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_NoValgrind_SaysSoAndExitCode1()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await InstructionCount.RunAsync(["instructions"], valgrind: null, output, error, CancellationToken.None).DefaultTimeout();

        exitCode.Should().Be(1);
        error.ToString().Should().Contain("valgrind is required");
        output.ToString().Should().BeEmpty();
    }

    public static TheoryData<string> Scenarios() => [.. PipelineScenario.Names];
}
