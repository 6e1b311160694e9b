using ProdStock.Contracts;
using ProtoBuf.Grpc;

namespace ProdStock.Host.Authorization;

/// <summary>
/// The inventory contract as the host exposes it: <see cref="StockWriterAuthorization"/> first, then the service (in
/// process, or the upstream server behind a remote gateway). The gRPC endpoint maps this class and the REST gateway
/// resolves <see cref="IInventoryService"/> as this class, so both transports pass the same check; request validation
/// (the contract's declared rules, public in the <c>.proto</c>) runs before it on both.
/// </summary>
internal sealed class AuthorizedInventoryService(IInventoryService inner, StockWriterAuthorization authorization) : IInventoryService
{
    public ValueTask<AdjustStockResponse> AdjustStockAsync(AdjustStockRequest request, CallContext context = default)
    {
        authorization.Demand(context);
        return inner.AdjustStockAsync(request, context);
    }
}
