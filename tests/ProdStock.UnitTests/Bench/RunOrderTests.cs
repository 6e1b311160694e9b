using ProdStock.Bench;

namespace ProdStock.UnitTests.Bench;

public sealed class RunOrderTests
{
    [Fact]
    public void AFirst_RoundsOfOneScenario_Alternate()
    {
        Enumerable.Range(0, 4).Select(round => RunOrder.AFirst(0, round)).Should().Equal(true, false, true, false);
        Enumerable.Range(0, 4).Select(round => RunOrder.AFirst(1, round)).Should().Equal(false, true, false, true);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void AFirst_OddRoundsOverTwoScenarios_EachServerFirstEquallyOften(int rounds)
    {
        var aFirst = Enumerable.Range(0, 2).SelectMany(scenario => Enumerable.Range(0, rounds).Select(round => RunOrder.AFirst(scenario, round))).ToList();

        aFirst.Count(first => first).Should().Be(rounds);
        aFirst.Count(first => !first).Should().Be(rounds);
    }

    [Fact]
    public void AFirst_ScenariosInTurn_AlternateWhichServerOpensThem()
    {
        Enumerable.Range(0, 4).Select(scenario => RunOrder.AFirst(scenario, 0)).Should().Equal(true, false, true, false);
    }
}
