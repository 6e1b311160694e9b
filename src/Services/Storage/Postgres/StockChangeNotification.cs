using System.Globalization;
using ProdStock.Contracts;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// The payload of a notification on <see cref="PostgresSchema.ChangeChannel"/>: either <see cref="Reload"/>, or the stock
/// levels one statement set, <c>prod:area:quantity:version</c> comma-separated, after the database's clock at that
/// statement as <c>@unix-milliseconds/</c> (written by the schema's trigger; schema version 1 wrote no clock).
/// </summary>
internal static class StockChangeNotification
{
    /// <summary>The payload that asks every host to reload its read models.</summary>
    public const string Reload = "reload";

    /// <summary>
    /// The most levels one notification carries: at most 44 characters each, 150 stay well inside PostgreSQL's 8,000-byte
    /// payload limit; a statement changing more rows asks for a reload.
    /// </summary>
    public const int MaxLevels = 150;

    /// <summary>The levels of a payload, or <see langword="null"/> when it asks for a reload or cannot be read (which asks for one too).</summary>
    public static List<StockLevel>? Parse(string payload) => Parse(payload, out _);

    /// <summary>As <see cref="Parse(string)"/>, with the database's clock when the change was made, if the payload carries it.</summary>
    public static List<StockLevel>? Parse(string payload, out DateTimeOffset? changedAt)
    {
        ArgumentNullException.ThrowIfNull(payload);
        changedAt = null;
        if (payload == Reload)
        {
            return null;
        }

        if (payload.StartsWith('@'))
        {
            var slash = payload.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !long.TryParse(payload.AsSpan(1, slash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs))
            {
                return null;
            }

            changedAt = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
            payload = payload[(slash + 1)..];
        }

        var levels = new List<StockLevel>();
        foreach (var entry in payload.Split(','))
        {
            var parts = entry.Split(':');
            if (parts.Length != 4
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var prodId)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var area)
                || !Enum.IsDefined((ProdAreas)area)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
                || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                || version <= 0)
            {
                return null;
            }

            levels.Add(new StockLevel(prodId, (ProdAreas)area, quantity, version));
        }

        return levels;
    }
}
