using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProdStock.Host.Hosting;
using ProdStock.Host.Logging;

namespace ProdStock.UnitTests.Host.Logging;

public sealed class CallLogLevelTests
{
    [Theory]
    [InlineData(StatusCode.OK, LogLevel.Debug)]
    [InlineData(StatusCode.Internal, LogLevel.Warning)]
    [InlineData(StatusCode.Unknown, LogLevel.Warning)]
    [InlineData(StatusCode.DataLoss, LogLevel.Warning)]
    [InlineData(StatusCode.Unavailable, LogLevel.Warning)]
    [InlineData(StatusCode.InvalidArgument, LogLevel.Information)]
    [InlineData(StatusCode.NotFound, LogLevel.Information)]
    [InlineData(StatusCode.PermissionDenied, LogLevel.Information)]
    [InlineData(StatusCode.FailedPrecondition, LogLevel.Information)]
    [InlineData(StatusCode.Cancelled, LogLevel.Information)]
    [InlineData(StatusCode.DeadlineExceeded, LogLevel.Information)]
    public void LevelOf_StatusCode_IsWarningForServerFaultsOnly(StatusCode code, LogLevel expected) =>
        CallLog.LevelOf(code).Should().Be(expected);

    [Theory]
    [InlineData(StatusCode.NotFound, "NOT_FOUND")]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.Internal, "INTERNAL")]
    public void NameOf_StatusCode_IsTheCanonicalName(StatusCode code, string expected) =>
        CallLog.NameOf(code).Should().Be(expected);

    [Fact]
    public async Task AddProdStock_GrpcInterceptors_CallLoggingComesBeforeTheToolkits()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Services.AddProdStock();
        await using var app = builder.Build();

        var interceptors = app.Services.GetRequiredService<IOptions<GrpcServiceOptions>>().Value.Interceptors;

        var types = interceptors.Select(registration => registration.Type).ToList();
        types.Should().ContainSingle(type => type == typeof(CallLoggingInterceptor));
        var toolkit = types.Where(type => type.Namespace!.StartsWith("CodeFirst", StringComparison.Ordinal)).Select(type => types.IndexOf(type)).ToList();
        toolkit.Should().NotBeEmpty().And.OnlyContain(index => index > types.IndexOf(typeof(CallLoggingInterceptor)),
            "it logs the status the toolkit's interceptors give (only the metrics interceptor, timing the whole call, comes before it)");
    }
}
