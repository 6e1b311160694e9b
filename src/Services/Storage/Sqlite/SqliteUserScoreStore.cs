using System.Runtime.CompilerServices;

namespace ProdStock.Services.Storage.Sqlite;

/// <summary>User scores from SQLite, read once at start into the read model.</summary>
internal sealed class SqliteUserScoreStore(SqliteConnectionFactory connections) : IUserScoreStore
{
    public async IAsyncEnumerable<(int UserId, int Score)> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, user_score FROM user_scores;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetInt32(0), reader.GetInt32(1));
        }
    }
}
