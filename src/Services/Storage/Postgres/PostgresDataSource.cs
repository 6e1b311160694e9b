using Microsoft.Extensions.Options;
using Npgsql;

namespace ProdStock.Services.Storage.Postgres;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> (the connection pool) every part of the PostgreSQL engine uses.</summary>
internal static class PostgresDataSource
{
    public static NpgsqlDataSource Create(IOptions<StoreOptions> options)
    {
        var connectionString = options.Value.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ProdStock:Store:Provider is Postgres but no connection string is set: set ConnectionStrings:ProdStock "
                + "(environment variable ConnectionStrings__ProdStock), e.g. 'Host=127.0.0.1;Database=prodstock;Username=prodstock;Password=…'.");
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "ProdStock";
        return builder.Build();
    }
}
