using Microsoft.Data.Sqlite;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// Orders in SQLite, written by the engine's single <see cref="SqliteWriter"/> (group commit, a savepoint per order):
/// each order is stored with its lines and their stock taken, all or nothing; an acknowledged order is durable and the
/// read model shows its stock levels.
/// </summary>
internal sealed class SqliteOrderStore(SqliteConnectionFactory connections, SqliteWriter writer) : IOrderStore
{
    public ValueTask<OrderPlacement> PlaceAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return writer.WriteAsync(new PendingOrder(order), cancellationToken);
    }

    /// <summary>The order stored under an order number, or <see langword="null"/> (for tests and tools; the service never reads orders back).</summary>
    public async ValueTask<StoredOrder?> FindByOrderNoAsync(string orderNo, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        using var commands = new OrderCommands(connection);
        return commands.FindOrder(null, orderNo);
    }

    /// <summary>An order waiting for the writer.</summary>
    private sealed class PendingOrder(NewOrder order) : SqliteWrite<OrderPlacement>
    {
        protected override (OrderPlacement Outcome, bool Keep) Run(WriterCommands writer, SqliteTransaction transaction, List<StockLevel> levels, long nowTicks)
        {
            var placement = Place(writer.Orders, transaction, levels, nowTicks);
            return (placement, placement is OrderPlacement.Placed);
        }

        private OrderPlacement Place(OrderCommands commands, SqliteTransaction transaction, List<StockLevel> levels, long nowTicks)
        {
            if (commands.FindOrder(transaction, order.OrderNo) is { } existing)
            {
                return new OrderPlacement.AlreadyStored(existing);
            }

            List<int>? unknown = null;
            List<StockShortage>? shortages = null;
            foreach (var line in order.Lines)
            {
                if (commands.Take(transaction, line) is { } left)
                {
                    levels.Add(new StockLevel(line.ProdId, line.Area, left));
                }
                else if (commands.StockOf(transaction, line) is { } available)
                {
                    (shortages ??= []).Add(new StockShortage(line.ProdId, line.Area, line.Quantity, available));
                }
                else if (commands.ProductExists(transaction, line.ProdId))
                {
                    (shortages ??= []).Add(new StockShortage(line.ProdId, line.Area, line.Quantity, 0));
                }
                else
                {
                    (unknown ??= []).Add(line.ProdId);
                }
            }

            if (unknown is not null)
            {
                return new OrderPlacement.UnknownProducts([.. unknown.Distinct()]);
            }

            if (shortages is not null)
            {
                return new OrderPlacement.InsufficientStock(shortages);
            }

            var orderId = commands.InsertOrder(transaction, order, nowTicks);
            for (var i = 0; i < order.Lines.Count; i++)
            {
                commands.InsertLine(transaction, orderId, i, order.Lines[i]);
            }

            return new OrderPlacement.Placed(new StoredOrder(orderId, order.OrderNo, order.UserId, order.Money, order.OrderTime, order.TimeFromClient, order.Lines));
        }
    }
}
