namespace ProdStock.Host.Hosting;

/// <summary>Which of the host's listeners a connection came in on; each serves only its own endpoints.</summary>
internal enum ListenerKind
{
    Grpc,
    Rest,

    /// <summary>The plain-HTTP management listener (health probes).</summary>
    Management,
}
