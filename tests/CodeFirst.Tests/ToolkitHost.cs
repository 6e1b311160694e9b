using CodeFirst.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Tests;

/// <summary>
/// A web application that serves <see cref="IShelf"/> through the toolkit alone, as its README shows: gRPC over
/// HTTP/2 (with server reflection) and the REST gateway over HTTP/1.1, each on its own loopback port picked by the system.
/// </summary>
public sealed class ToolkitHost : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri GrpcAddress { get; private set; } = null!;

    public Uri RestAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton<Shelf>();
        builder.Services.AddSingleton<IShelf>(services => services.GetRequiredService<Shelf>());
        builder.Services.AddSingleton<Checkout>();
        builder.Services.AddValidatedCodeFirstGrpc();
        builder.Services.AddRestGateway(options => options.Title = "Library");
        builder.Services.AddCodeFirstReflection([typeof(IShelf), typeof(ICheckout)]);
        _app = builder.Build();
        _app.MapGrpcService<Shelf>();
        _app.MapGrpcService<Checkout>();
        _app.MapRestGateway([typeof(IShelf)]);
        _app.MapCodeFirstReflection();
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        GrpcAddress = addresses[0];
        RestAddress = addresses[1];
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
