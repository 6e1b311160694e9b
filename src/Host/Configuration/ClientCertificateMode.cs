namespace ProdStock.Host.Configuration;

/// <summary>How an endpoint treats TLS client certificates.</summary>
public enum ClientCertificateMode
{
    /// <summary>A certificate signed by the configured CA is required (mutual TLS).</summary>
    Require,

    /// <summary>A certificate is asked for and checked when presented; clients without one are served too.</summary>
    Allow,

    /// <summary>No certificate is asked for.</summary>
    Ignore,
}
