namespace ProdStock.Bench.Pipeline;

/// <summary>Which server's application a pipeline benchmark runs.</summary>
public enum ServerKind
{
    /// <summary>A: the code-first host (<c>src/Host</c>, protobuf-net.Grpc contracts).</summary>
    A,

    /// <summary>B: the contract-first baseline (<c>bench/ProdStock.Bench.ContractFirst</c>, Grpc.Tools stubs).</summary>
    B,
}

/// <summary>The servers' names on the command line.</summary>
internal static class ServerKinds
{
    /// <summary>
    /// <c>A</c> or <c>B</c> exactly: not a number (which <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would
    /// take, "1" as B) and not another case.
    /// </summary>
    public static bool TryParse(string? text, out ServerKind kind)
    {
        (var known, kind) = text switch
        {
            "A" => (true, ServerKind.A),
            "B" => (true, ServerKind.B),
            _ => (false, ServerKind.A),
        };
        return known;
    }
}
