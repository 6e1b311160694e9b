using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Host.Authorization;
using ProdStock.Host.Configuration;
using ProdStock.Host.Hosting;
using ProtoBuf.Grpc;

namespace ProdStock.UnitTests.Host.Authorization;

/// <summary>What names a stock writer in <c>ProdStock:Authorization:StockWriters</c>, and the defaults per environment.</summary>
public sealed class StockWriterAuthorizationTests
{
    private static StockWriterAuthorization Rule(params string[] writers) =>
        new(Options.Create(new ProdStockHostOptions { Authorization = new HostAuthorizationOptions { StockWriters = [.. writers] } }),
            NullLogger<StockWriterAuthorization>.Instance);

    /// <summary>A self-signed certificate with a chosen subject and Subject Alternative Names.</summary>
    private static X509Certificate2 Certificate(string subject, string[]? dnsNames = null, string[]? uris = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames ?? [])
        {
            names.AddDnsName(dns);
        }

        foreach (var uri in uris ?? [])
        {
            names.AddUri(new Uri(uri));
        }

        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Theory]
    [InlineData("stock-writer")]
    [InlineData("CN=stock-writer, O=ProdStock")]
    [InlineData("CN=stock-writer,O=ProdStock")]
    [InlineData("writer.example.com")]
    [InlineData("WRITER.example.COM")]
    [InlineData("spiffe://prodstock/stock-writer")]
    public void IsWriter_EntryNamesTheCertificate_ReturnsTrue(string entry)
    {
        using var certificate = Certificate("CN=stock-writer, O=ProdStock", ["writer.example.com"], ["spiffe://prodstock/stock-writer"]);

        Rule("someone-else", entry).IsWriter(certificate).Should().BeTrue();
    }

    [Theory]
    [InlineData("Stock-Writer")]
    [InlineData("ProdStock")]
    [InlineData("O=ProdStock")]
    [InlineData("CN=stock-writer")]
    [InlineData("O=ProdStock, CN=stock-writer")]
    [InlineData("stock")]
    [InlineData("example.com")]
    [InlineData("spiffe://prodstock/STOCK-WRITER")]
    [InlineData("127.0.0.1")]
    public void IsWriter_EntryNamesSomethingElse_ReturnsFalse(string entry)
    {
        using var certificate = Certificate("CN=stock-writer, O=ProdStock", ["writer.example.com"], ["spiffe://prodstock/stock-writer"]);

        Rule(entry).IsWriter(certificate).Should().BeFalse();
    }

    [Fact]
    public void IsWriter_NothingConfigured_ReturnsFalse()
    {
        using var certificate = Certificate("CN=prodstock-client, O=ProdStock");

        Rule().IsWriter(certificate).Should().BeFalse();
    }

    [Fact]
    public void Demand_GatewayRequestWithWriterCertificate_Passes()
    {
        using var certificate = Certificate("CN=stock-writer, O=ProdStock");
        var http = new DefaultHttpContext();
        http.Connection.ClientCertificate = certificate;

        var act = () => Rule("stock-writer").Demand(new CallContext(default(CallOptions), CallContextFlags.None, http));

        act.Should().NotThrow();
    }

    [Fact]
    public void Demand_GatewayRequestWithOtherCertificate_ThrowsPermissionDeniedNamingSubjectAndSetting()
    {
        using var certificate = Certificate("CN=prodstock-client, O=ProdStock");
        var http = new DefaultHttpContext();
        http.Connection.ClientCertificate = certificate;

        var act = () => Rule("stock-writer").Demand(new CallContext(default(CallOptions), CallContextFlags.None, http));

        var error = act.Should().Throw<RpcException>().Which;
        error.StatusCode.Should().Be(StatusCode.PermissionDenied);
        error.Status.Detail.Should().Contain("CN=prodstock-client, O=ProdStock").And.Contain("ProdStock:Authorization:StockWriters");
    }

    [Fact]
    public void Demand_RequestWithoutCertificate_ThrowsPermissionDenied()
    {
        var act = () => Rule("stock-writer").Demand(new CallContext(default(CallOptions), CallContextFlags.None, new DefaultHttpContext()));

        act.Should().Throw<RpcException>().Which.StatusCode.Should().Be(StatusCode.PermissionDenied);
    }

    [Fact]
    public void Demand_CallWithoutRequest_ThrowsPermissionDenied()
    {
        var act = () => Rule("stock-writer").Demand(default);

        act.Should().Throw<RpcException>().Which.StatusCode.Should().Be(StatusCode.PermissionDenied, "a call with no request to read a certificate from is refused");
    }

    [Theory]
    [InlineData("Development", new string[0], new[] { "prodstock-client" })]
    [InlineData("Production", new string[0], new string[0])]
    [InlineData("Staging", new string[0], new string[0])]
    [InlineData("Development", new[] { "ops" }, new[] { "ops" })]
    [InlineData("Production", new[] { "ops", "CN=batch, O=ProdStock" }, new[] { "ops", "CN=batch, O=ProdStock" })]
    public async Task StockWriters_PerEnvironmentAndConfiguration_AreTheConfiguredOrTheDefault(string environment, string[] configured, string[] expected)
    {
        var args = configured.Select((entry, i) => $"--ProdStock:Authorization:StockWriters:{i}={entry}").ToArray();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, Args = args });
        builder.Services.AddProdStock();
        await using var app = builder.Build();

        var writers = app.Services.GetRequiredService<IOptions<ProdStockHostOptions>>().Value.Authorization.StockWriters;

        writers.Should().Equal(expected);
    }

    [Theory]
    [InlineData(" padded")]
    [InlineData("localhost")]
    [InlineData("LocalHost")]
    public async Task StockWriters_InvalidEntry_FailsValidationNamingTheSetting(string entry)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            Args = [$"--ProdStock:Authorization:StockWriters:0={entry}"],
        });
        builder.Services.AddProdStock();
        await using var app = builder.Build();

        var act = () => app.Services.GetRequiredService<IOptions<ProdStockHostOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*ProdStock:Authorization:StockWriters*");
    }

    [Fact]
    public async Task InventoryContract_InTheHost_IsTheAuthorizedDecorator()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Services.AddProdStock();
        await using var app = builder.Build();

        app.Services.GetRequiredService<IInventoryService>().Should().BeSameAs(app.Services.GetRequiredService<AuthorizedInventoryService>(),
            "the REST gateway resolves the contract, and must meet the same check as gRPC");
    }
}
