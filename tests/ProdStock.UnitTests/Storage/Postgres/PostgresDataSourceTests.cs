using Microsoft.Extensions.Options;
using Npgsql;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.Postgres;

namespace ProdStock.UnitTests.Storage.Postgres;

public sealed class PostgresDataSourceTests
{
    private static NpgsqlConnectionStringBuilder Built(string? connectionString)
    {
        using var source = PostgresDataSource.Create(Options.Create(new StoreOptions { Provider = "Postgres", ConnectionString = connectionString }));
        return new NpgsqlConnectionStringBuilder(source.ConnectionString);
    }

    [Fact]
    public void Create_NoPoolSizeGiven_CapsThePoolSoSeveralHostsFitTheServersDefaultConnections()
    {
        Built("Host=db;Database=prodstock").MaxPoolSize.Should().Be(PostgresDataSource.DefaultMaxPoolSize);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=64")]
    [InlineData("Host=db;maximum pool size=64")]
    public void Create_PoolSizeGiven_KeepsIt(string connectionString)
    {
        Built(connectionString).MaxPoolSize.Should().Be(64);
    }

    [Fact]
    public void Create_NoApplicationName_NamesProdStockForPgStatActivity()
    {
        Built("Host=db").ApplicationName.Should().Be("ProdStock");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Create_NoConnectionString_FailsNamingTheSetting(string? connectionString)
    {
        var act = () => Built(connectionString);

        act.Should().Throw<InvalidOperationException>().WithMessage("*ConnectionStrings:ProdStock*ConnectionStrings__ProdStock*");
    }
}
