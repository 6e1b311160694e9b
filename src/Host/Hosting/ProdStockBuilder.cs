namespace ProdStock.Host.Hosting;

/// <summary>
/// What <c>AddProdStock</c> or <c>AddProdStockRemoteGateway</c> registered, for <c>MapProdStock</c>: it throws when
/// neither was called, and maps the gRPC services only for the host that serves them.
/// </summary>
/// <param name="ServesGrpc">Whether the services run in this process (the host), rather than behind a remote gateway.</param>
internal sealed record ProdStockBuilder(bool ServesGrpc);
