using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>
/// User scores from SQLite. The ids travel as one JSON array parameter, so any number fits one statement, and that
/// statement is prepared once on pooled open connections (<see cref="PreparedQueryPool"/>): every streamed batch of the
/// user service runs it, so compiling its SQL each time cost more than running it.
/// </summary>
internal sealed class SqliteUserScoreStore(SqliteConnectionFactory connections) : IUserScoreStore, IDisposable
{
    private readonly PreparedQueryPool _scoresQuery = new(connections, """
        SELECT user_id, user_score FROM user_scores
        WHERE user_id IN (SELECT value FROM json_each($ids));
        """, ("$ids", SqliteType.Text));

    public ValueTask<IReadOnlyDictionary<int, int>> GetScoresAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (userIds.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyDictionary<int, int>>(new Dictionary<int, int>());
        }

        var query = _scoresQuery.Rent();
        try
        {
            query.Parameters[0].Value = JsonArray(userIds);
            var scores = new Dictionary<int, int>(userIds.Count);
            // Microsoft.Data.Sqlite runs synchronously anyway; the synchronous calls spare a Task per read.
            using (var reader = query.Command.ExecuteReader())
            {
                while (reader.Read())
                {
                    scores[reader.GetInt32(0)] = reader.GetInt32(1);
                }
            }

            return ValueTask.FromResult<IReadOnlyDictionary<int, int>>(scores);
        }
        finally
        {
            _scoresQuery.Return(query);
        }
    }

    public void Dispose() => _scoresQuery.Dispose();

    /// <summary><c>[1,2,3]</c>: the ids as the JSON array <c>json_each</c> reads, written straight into the string.</summary>
    private static string JsonArray(IReadOnlyCollection<int> ids)
    {
        var length = 1 + ids.Count; // the brackets and the commas
        foreach (var id in ids)
        {
            length += DigitCount(id);
        }

        return string.Create(length, ids, static (chars, ids) =>
        {
            chars[0] = '[';
            var position = 1;
            foreach (var id in ids)
            {
                if (position > 1)
                {
                    chars[position++] = ',';
                }

                id.TryFormat(chars[position..], out var written, provider: CultureInfo.InvariantCulture);
                position += written;
            }

            chars[position] = ']';
        });
    }

    private static int DigitCount(int value) =>
        value < 0 ? 1 + DigitCount(value == int.MinValue ? int.MaxValue : -value) : value < 10 ? 1 : 1 + DigitCount(value / 10);
}
