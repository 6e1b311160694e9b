using System.Text.Json;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>User scores from SQLite; the ids travel as one JSON array parameter, so any number fits one statement.</summary>
internal sealed class SqliteUserScoreStore(SqliteConnectionFactory connections) : IUserScoreStore
{
    public async ValueTask<IReadOnlyDictionary<int, int>> GetScoresAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return new Dictionary<int, int>();
        }

        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT user_id, user_score FROM user_scores
            WHERE user_id IN (SELECT value FROM json_each($ids));
            """;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(userIds));
        var scores = new Dictionary<int, int>(userIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            scores[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return scores;
    }
}
