using System.Collections.Immutable;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;

namespace ProdStock.Bench.Pipeline;

/// <summary>
/// Runs the cases scenario by scenario, A and B of one scenario back to back, the scenarios alternating which server
/// goes first (A B, B A, …). BenchmarkDotNet's default runs every case of A before any of B, minutes apart, and this VM's
/// speed drifts by a few percent over minutes: that drift would count as a difference between the servers. Runs repeated
/// to pool them should alternate <paramref name="first"/> too, so that each server starts each scenario as often.
/// </summary>
/// <param name="first">The server that goes first in the first scenario.</param>
internal sealed class AlternatingServerOrderer(ServerKind first = ServerKind.A) : DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared)
{
    public override IEnumerable<BenchmarkCase> GetExecutionOrder(
        ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        Order(benchmarksCase, c => c.Descriptor.MethodIndex, c => c.Parameters["Server"] is ServerKind kind ? kind : ServerKind.A, first);

    public override IEnumerable<BenchmarkCase> GetSummaryOrder(ImmutableArray<BenchmarkCase> benchmarksCase, BenchmarkDotNet.Reports.Summary summary) =>
        benchmarksCase.OrderBy(c => c.Descriptor.MethodIndex).ThenBy(c => c.Parameters["Server"] is ServerKind kind ? kind : ServerKind.A);

    /// <summary>
    /// The cases by scenario (in declared order), within the n-th scenario <paramref name="first"/> then the other server
    /// when n is even, the other way round when odd; cases of one scenario and server keep their order.
    /// </summary>
    public static IEnumerable<T> Order<T>(IEnumerable<T> cases, Func<T, int> scenario, Func<T, ServerKind> server, ServerKind first = ServerKind.A) =>
        cases
            .GroupBy(scenario)
            .OrderBy(g => g.Key)
            .SelectMany((group, n) => group.OrderBy(c => (n % 2 == 0) == (server(c) == first) ? 0 : 1));
}
