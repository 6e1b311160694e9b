namespace ProdStock.Host.Commands;

/// <summary>What the command line asks the host to serve.</summary>
/// <param name="Settings">The configuration arguments, verbatim, for the host's command-line configuration provider.</param>
/// <param name="Verbose">Whether a start-up failure is reported with its stack trace.</param>
/// <param name="GatewayUpstream">For the remote REST gateway, the gRPC server it forwards to; <see langword="null"/> to serve gRPC.</param>
internal sealed record HostLaunch(IReadOnlyList<string> Settings, bool Verbose, Uri? GatewayUpstream = null);
