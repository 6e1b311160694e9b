using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;
using ProdStock.Testing;
using ProtoBuf.Grpc;

namespace ProdStock.IntegrationTests;

[Collection(HostCollection.Name)]
public sealed class ClientSdkTests(HostFixture fixture)
{
    [Fact]
    public async Task AddProdStockClient_BoundFromConfiguration_ResolvesWorkingClients()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ProdStockClient:Address"] = fixture.Address.ToString(),
            ["ProdStockClient:CaCertificatePath"] = fixture.Certificates.CaPath,
            ["ProdStockClient:ClientCertificatePath"] = fixture.Certificates.ClientCertificatePath,
            ["ProdStockClient:ClientKeyPath"] = fixture.Certificates.ClientKeyPath,
            ["ProdStockClient:DefaultDeadline"] = "00:00:20",
        }).Build();
        await using var services = new ServiceCollection().AddProdStockClient(configuration.GetSection("ProdStockClient")).BuildServiceProvider();

        var client = services.GetRequiredService<ProdStockClient>();
        var stock = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 5, ProdArea = ProdAreas.C }).DefaultTimeout();
        var scores = await services.GetRequiredService<IUserService>().GetUserScoreAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 9 }] }).DefaultTimeout();

        stock.ProdStock.Should().Be(DemoDataSet.Product(5)!.StockIn(ProdAreas.C));
        scores.Users.Single().UserScore.Should().Be(DemoDataSet.Score(9));
        services.GetRequiredService<IOptions<ProdStockClientOptions>>().Value.DefaultDeadline.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AddProdStockClient_IncompleteOptions_FailsOnFirstUseNamingTheSetting()
    {
        await using var services = new ServiceCollection()
            .AddProdStockClient(options => options.Address = fixture.Address)
            .BuildServiceProvider();

        var act = () => services.GetRequiredService<IProdService>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*CaCertificatePath*");
    }

    [Fact]
    public async Task DefaultDeadline_CallWithoutOwnDeadline_EndsWithDeadlineExceeded()
    {
        using var client = fixture.CreateClient(options => options.DefaultDeadline = TimeSpan.FromMilliseconds(300));
        var never = Channel.CreateUnbounded<UserScoreRequest>();

        var act = () => client.Users.GetUserScoreByClientStreamAsync(never.Reader.ReadAllAsync()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task DefaultDeadline_CallWithItsOwnDeadline_KeepsItsOwn()
    {
        using var client = fixture.CreateClient(options => options.DefaultDeadline = TimeSpan.FromMilliseconds(100));
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        var context = new CallContext(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)));

        var call = client.Users.GetUserScoreByClientStreamAsync(requests.Reader.ReadAllAsync(), context).AsTask();
        await Task.Delay(400);
        await requests.Writer.WriteAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 4 }] });
        requests.Writer.Complete();

        (await call.DefaultTimeout()).Users.Single().UserScore.Should().Be(DemoDataSet.Score(4));
    }

    [Fact]
    public async Task DefaultDeadline_DuplexCallWithOpenRequestStream_EndsWithDeadlineExceeded()
    {
        using var client = fixture.CreateClient(options => options.DefaultDeadline = TimeSpan.FromMilliseconds(400));
        var requests = Channel.CreateUnbounded<UserScoreRequest>();
        await requests.Writer.WriteAsync(new UserScoreRequest { Users = [new UserInfo { UserId = 1 }] });

        var act = async () =>
        {
            await foreach (var _ in client.Users.GetUserScoreByDoubleEndStreamAsync(requests.Reader.ReadAllAsync()))
            {
            }
        };

        (await act.Should().ThrowAsync<RpcException>().WaitAsync(TaskTimeoutExtensions.Timeout)).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }
}
