namespace ProdStock.Bench;

/// <summary>
/// Which server runs first in a round. The rounds of a scenario alternate (A B, B A, A B …), and the scenarios alternate
/// which server opens them, so that over a full run A and B each go first equally often: with three rounds, the server
/// that opens a scenario goes first twice, and a run that always opened with A (as the benchmark did before 2026-11-25)
/// put whatever the first place costs on A's side in every scenario.
/// </summary>
internal static class RunOrder
{
    public static bool AFirst(int scenarioIndex, int round) => (scenarioIndex + round) % 2 == 0;
}
