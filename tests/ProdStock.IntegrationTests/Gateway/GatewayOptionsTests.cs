using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProdStock.Testing;

namespace ProdStock.IntegrationTests.Gateway;

/// <summary>The gateway's configuration switches, each on a host of its own.</summary>
public sealed class GatewayOptionsTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    [Fact]
    public async Task UseProtoFieldNamesFalse_Output_UsesLowerCamelCase()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, "--ProdStock:Rest:UseProtoFieldNames=false");
        using var http = RestClients.Create(host.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);

        var text = await (await http.GetAsync("/v1/prod/1/info").DefaultTimeout()).Content.ReadAsStringAsync();

        text.Should().StartWith("{\"prodId\":1,\"prodName\":\"").And.Contain("\"prodPrice\":");
    }

    [Fact]
    public async Task EmitDefaultValuesFalse_Output_OmitsDefaultFields()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, "--ProdStock:Rest:EmitDefaultValues=false");
        using var http = RestClients.Create(host.RestAddress, _workspace.Certificates.Authority, _workspace.Certificates.Client);

        var text = await (await http.PostAsync("/v1/users/scores", GatewayJson.Json("""{"users":[{"user_id":77777}]}""")).DefaultTimeout()).Content.ReadAsStringAsync();

        text.Should().Be("""{"users":[{"user_id":77777}]}""", "user_score 0 is a default value");
    }

    [Theory]
    [InlineData("Allow")]
    [InlineData("Ignore")]
    public async Task ClientCertificatesLoosened_ClientWithoutCertificate_IsServedAndTheChangeIsLogged(string mode)
    {
        var logs = new ConcurrentQueue<string>();
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath,
            services => services.AddSingleton<ILoggerProvider>(new ListLoggerProvider(logs)), $"--ProdStock:Rest:ClientCertificates={mode}");
        using var http = RestClients.Create(host.RestAddress, _workspace.Certificates.Authority, clientCertificate: null);

        using var response = await http.GetAsync("/v1/prod/1").DefaultTimeout();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        logs.Should().Contain(line => line.Contains($"ProdStock:Rest:ClientCertificates is {mode}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientCertificatesAllow_CertificateFromAnotherCa_IsStillRefused()
    {
        await using var host = await TestHost.StartAsync(_workspace.Certificates, _workspace.StorePath, "--ProdStock:Rest:ClientCertificates=Allow");
        using var intruder = TestCertificates.IssueClientFromOtherAuthority();
        using var http = RestClients.Create(host.RestAddress, _workspace.Certificates.Authority, intruder);

        var act = () => http.GetAsync("/v1/prod/1").DefaultTimeout();

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    public void Dispose() => _workspace.Dispose();

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
