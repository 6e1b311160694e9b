using ProdStock.Bench.Pipeline;

namespace ProdStock.UnitTests.Bench.Pipeline;

public sealed class AlternatingServerOrdererTests
{
    [Fact]
    public void Order_CasesOfAAllBeforeB_ScenariosBackToBackAlternatingWhoGoesFirst()
    {
        (int Scenario, ServerKind Server)[] declared =
        [
            (0, ServerKind.A), (1, ServerKind.A), (2, ServerKind.A), (3, ServerKind.A),
            (0, ServerKind.B), (1, ServerKind.B), (2, ServerKind.B), (3, ServerKind.B),
        ];

        var order = AlternatingServerOrderer.Order(declared, c => c.Scenario, c => c.Server);

        order.Should().Equal(
            (0, ServerKind.A), (0, ServerKind.B),
            (1, ServerKind.B), (1, ServerKind.A),
            (2, ServerKind.A), (2, ServerKind.B),
            (3, ServerKind.B), (3, ServerKind.A));
    }

    [Fact]
    public void Order_OneScenarioFiltered_StartsWithA()
    {
        (int Scenario, ServerKind Server)[] declared = [(2, ServerKind.B), (2, ServerKind.A)];

        var order = AlternatingServerOrderer.Order(declared, c => c.Scenario, c => c.Server);

        order.Should().Equal((2, ServerKind.A), (2, ServerKind.B));
    }

    [Fact]
    public void Order_FirstB_EveryScenarioTheOtherWayRound()
    {
        (int Scenario, ServerKind Server)[] declared = [(0, ServerKind.A), (0, ServerKind.B), (1, ServerKind.A), (1, ServerKind.B)];

        var order = AlternatingServerOrderer.Order(declared, c => c.Scenario, c => c.Server, first: ServerKind.B);

        order.Should().Equal((0, ServerKind.B), (0, ServerKind.A), (1, ServerKind.A), (1, ServerKind.B));
    }
}
