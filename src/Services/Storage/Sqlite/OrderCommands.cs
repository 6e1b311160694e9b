using Microsoft.Data.Sqlite;
using ProdStock.Contracts;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>The order writer's statements on one connection, each prepared once and run with new parameters.</summary>
internal sealed class OrderCommands : IDisposable
{
    private const string OrderColumns = "order_id, order_no, user_id, order_money, order_time_ticks, time_from_client";

    private readonly SqliteCommand _findOrder;
    private readonly SqliteCommand _findLines;
    private readonly SqliteCommand _take;
    private readonly SqliteCommand _stockOf;
    private readonly SqliteCommand _productExists;
    private readonly SqliteCommand _insertOrder;
    private readonly SqliteCommand _insertLine;

    public OrderCommands(SqliteConnection connection)
    {
        _findOrder = Command(connection, $"SELECT {OrderColumns} FROM orders WHERE order_no = $no;", "$no");
        _findLines = Command(connection, "SELECT prod_id, area, quantity FROM order_lines WHERE order_id = $id ORDER BY line_no;", "$id");
        // The stock check and the move in one statement: the row changes only when enough is left.
        _take = Command(connection, """
            UPDATE product_stocks SET quantity = quantity - $quantity
            WHERE prod_id = $id AND area = $area AND quantity >= $quantity
            RETURNING quantity;
            """, "$quantity", "$id", "$area");
        _stockOf = Command(connection, "SELECT quantity FROM product_stocks WHERE prod_id = $id AND area = $area;", "$id", "$area");
        _productExists = Command(connection, "SELECT 1 FROM products WHERE prod_id = $id;", "$id");
        _insertOrder = Command(connection, """
            INSERT INTO orders (order_no, user_id, order_money, order_time_ticks, time_from_client, created_ticks)
            VALUES ($no, $user, $money, $time, $fromClient, $created)
            RETURNING order_id;
            """, "$no", "$user", "$money", "$time", "$fromClient", "$created");
        _insertLine = Command(connection, """
            INSERT INTO order_lines (order_id, line_no, prod_id, area, quantity) VALUES ($order, $line, $id, $area, $quantity);
            """, "$order", "$line", "$id", "$area", "$quantity");
    }

    public StoredOrder? FindOrder(SqliteTransaction? transaction, string orderNo)
    {
        StoredOrder? order;
        using (var reader = Run(_findOrder, transaction, orderNo).ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            order = new StoredOrder(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), (float)reader.GetDouble(3),
                new DateTime(reader.GetInt64(4), DateTimeKind.Utc), reader.GetBoolean(5), []);
        }

        var lines = new List<OrderLineItem>();
        using (var reader = Run(_findLines, transaction, order.OrderId).ExecuteReader())
        {
            while (reader.Read())
            {
                lines.Add(new OrderLineItem(reader.GetInt32(0), (ProdAreas)reader.GetInt32(1), reader.GetInt32(2)));
            }
        }

        return order with { Lines = lines };
    }

    /// <summary>Takes the line's quantity when enough is in stock; the quantity left, or <see langword="null"/> when nothing moved.</summary>
    public int? Take(SqliteTransaction transaction, OrderLineItem line) =>
        Run(_take, transaction, line.Quantity, line.ProdId, (int)line.Area).ExecuteScalar() is long left ? (int)left : null;

    public int? StockOf(SqliteTransaction transaction, OrderLineItem line) =>
        Run(_stockOf, transaction, line.ProdId, (int)line.Area).ExecuteScalar() is long quantity ? (int)quantity : null;

    public bool ProductExists(SqliteTransaction transaction, int prodId) => Run(_productExists, transaction, prodId).ExecuteScalar() is not null;

    public long InsertOrder(SqliteTransaction transaction, NewOrder order, long createdTicks) =>
        Convert.ToInt64(Run(_insertOrder, transaction, order.OrderNo, order.UserId, (double)order.Money, order.OrderTime.ToUniversalTime().Ticks, order.TimeFromClient, createdTicks).ExecuteScalar());

    public void InsertLine(SqliteTransaction transaction, long orderId, int lineNo, OrderLineItem line) =>
        Run(_insertLine, transaction, orderId, lineNo, line.ProdId, (int)line.Area, line.Quantity).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in new[] { _findOrder, _findLines, _take, _stockOf, _productExists, _insertOrder, _insertLine })
        {
            command.Dispose();
        }
    }

    /// <summary>A command with named parameters, to be run many times with <see cref="Run"/>.</summary>
    internal static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>Sets the command's transaction and its parameters, in the order they were declared.</summary>
    internal static SqliteCommand Run(SqliteCommand command, SqliteTransaction? transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command;
    }
}
