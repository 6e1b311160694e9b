using System.Runtime.CompilerServices;
using Npgsql;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>User scores from PostgreSQL, read whole into the read model.</summary>
internal sealed class PostgresUserScoreStore(NpgsqlDataSource dataSource) : IUserScoreStore
{
    public async IAsyncEnumerable<(int UserId, int Score)> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT user_id, user_score FROM user_scores;");
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresFailures.IsUnavailable(ex))
        {
            throw PostgresFailures.Unavailable(ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return (reader.GetInt32(0), reader.GetInt32(1));
            }
        }
    }
}
