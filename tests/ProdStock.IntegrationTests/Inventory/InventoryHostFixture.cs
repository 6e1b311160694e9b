using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Inventory;

/// <summary>
/// A host whose only stock writer is a second client certificate, <see cref="WriterName"/>, issued as
/// <c>certs --client stock-writer</c> issues it and listed in <c>ProdStock:Authorization:StockWriters</c>; the workspace's
/// ordinary <c>client.pem</c> (CN <c>prodstock-client</c>) is just as valid for TLS but is not a writer.
/// </summary>
public sealed class InventoryHostFixture : IAsyncLifetime
{
    public const string WriterName = "stock-writer";

    private readonly TestWorkspace _workspace = new();
    private TestHost? _host;
    private X509Certificate2? _writer;

    public TestCertificates Certificates => _workspace.Certificates;

    public TestHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public X509Certificate2 WriterCertificate => _writer ?? throw new InvalidOperationException("The host is not started.");

    public async Task InitializeAsync()
    {
        _writer = Certificates.IssueNamedClient(WriterName);
        _host = await TestHost.StartAsync(Certificates, _workspace.StorePath, $"--ProdStock:Authorization:StockWriters:0={WriterName}");
    }

    /// <summary>An SDK client presenting the writer's certificate; <paramref name="validate"/> false sends bad requests unchecked.</summary>
    public ProdStockClient CreateWriterClient(bool validate = true) =>
        _workspace.CreateClient(Host.Address, options =>
        {
            options.ClientCertificatePath = Certificates.CertificatePathOf(WriterName);
            options.ClientKeyPath = Certificates.KeyPathOf(WriterName);
            options.ValidateRequests = validate;
        });

    /// <summary>An SDK client presenting the ordinary client certificate: accepted by TLS, not a stock writer.</summary>
    public ProdStockClient CreateReaderClient() => _workspace.CreateClient(Host.Address);

    public HttpClient CreateWriterRestClient() => RestClients.Create(Host.RestAddress, Certificates.Authority, WriterCertificate);

    public HttpClient CreateReaderRestClient() => RestClients.Create(Host.RestAddress, Certificates.Authority, Certificates.Client);

    /// <summary>The stock as a reader sees it: <c>GetProdStock</c>, served by the read model.</summary>
    public async Task<int> StockAsync(int prodId, ProdAreas area)
    {
        using var client = CreateReaderClient();
        return (await client.Products.GetProdStockAsync(new ProdRequest { ProdId = prodId, ProdArea = area }).DefaultTimeout()).ProdStock;
    }

    /// <summary>The stock in the SQLite file itself, read-only.</summary>
    public async Task<long> StoredStockAsync(int prodId, ProdAreas area) =>
        (long)(await ScalarAsync("SELECT quantity FROM product_stocks WHERE prod_id = $id AND area = $area", ("$id", prodId), ("$area", (int)area)))!;

    /// <summary>Rows of <c>stock_adjustments</c> under one id.</summary>
    public async Task<long> CountAdjustmentsAsync(string adjustmentId) =>
        (long)(await ScalarAsync("SELECT COUNT(*) FROM stock_adjustments WHERE adjustment_id = $id", ("$id", adjustmentId)))!;

    /// <summary>POSTs an adjustment as JSON to the gateway.</summary>
    public static Task<HttpResponseMessage> PostAdjustmentAsync(HttpClient http, object body) =>
        http.PostAsJsonAsync("/v1/stock:adjust", body).DefaultTimeout();

    private async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={_workspace.StorePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync().DefaultTimeout();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync().DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _writer?.Dispose();
        _workspace.Dispose();
    }
}
