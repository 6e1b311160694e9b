namespace ProdStock.Bench.Pipeline;

/// <summary>Which server's application a pipeline benchmark runs.</summary>
public enum ServerKind
{
    /// <summary>A: the code-first host (<c>src/Host</c>, protobuf-net.Grpc contracts).</summary>
    A,

    /// <summary>B: the contract-first baseline (<c>bench/ProdStock.Bench.ContractFirst</c>, Grpc.Tools stubs).</summary>
    B,
}
