namespace ProdStock.Bench.Pipeline;

/// <summary>
/// <c>--first A|B</c>: which server goes first in the first scenario (<see cref="AlternatingServerOrderer"/>); A when not
/// given. Taken out of the arguments before they reach BenchmarkDotNet, which would not know it.
/// </summary>
internal static class FirstServerOption
{
    public const string Name = "--first";

    /// <summary>Removes the option from <paramref name="args"/>; false with a message when its value is missing or not A or B.</summary>
    public static bool TryTake(ref string[] args, out ServerKind first, out string? problem)
    {
        first = ServerKind.A;
        problem = null;
        var at = Array.IndexOf(args, Name);
        if (at < 0)
        {
            return true;
        }

        if (at + 1 >= args.Length || !ServerKinds.TryParse(args[at + 1], out first))
        {
            first = ServerKind.A;
            problem = $"{Name} takes A or B";
            return false;
        }

        args = [.. args[..at], .. args[(at + 2)..]];
        return true;
    }
}
