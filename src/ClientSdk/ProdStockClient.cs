using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using ProdStock.ClientSdk.Internal;
using ProdStock.Contracts;
using ProtoBuf.Grpc.Client;

namespace ProdStock.ClientSdk;

/// <summary>
/// A client of a ProdStock server: typed access to <see cref="Products"/>, <see cref="Orders"/>, <see cref="Users"/> and
/// <see cref="Inventory"/> over one mutual-TLS channel. Create one per server and share it; it is thread-safe. Dispose it to close the channel.
/// </summary>
/// <example>
/// <code>
/// using var client = new ProdStockClient(new ProdStockClientOptions
/// {
///     Address = new Uri("https://localhost:10086"),
///     CaCertificatePath = "certs/ca.pem",
///     ClientCertificatePath = "certs/client.pem",
///     ClientKeyPath = "certs/client.key",
/// });
/// var stock = await client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1, ProdArea = ProdAreas.B });
/// </code>
/// </example>
public sealed class ProdStockClient : IDisposable
{
    private readonly IDisposable? _channel;

    /// <summary>Creates a client with its own channel.</summary>
    /// <param name="options">Address, certificates, default deadline and retries.</param>
    /// <exception cref="OptionsValidationException">The options are incomplete or invalid; the message names the setting.</exception>
    /// <exception cref="InvalidOperationException">A certificate file could not be loaded.</exception>
    public ProdStockClient(ProdStockClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ProdStockClientOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(string.Empty, typeof(ProdStockClientOptions), validation.Failures);
        }

        var credentials = ClientTlsCredentials.Load(options);
        var channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
        {
            HttpHandler = new TlsRefusalHandler(credentials) { InnerHandler = credentials.CreateHandler() },
            DisposeHttpClient = true,
            ServiceConfig = RetryServiceConfig.Create(options),
        });
        _channel = channel;

        var invoker = channel.Intercept(new DefaultDeadlineInterceptor(options.DefaultDeadline, TimeProvider.System));
        if (options.ValidateRequests)
        {
            invoker = invoker.Intercept(new RequestValidationInterceptor());
        }

        Products = invoker.CreateGrpcService<IProdService>();
        Orders = invoker.CreateGrpcService<IOrderService>();
        Users = new StreamingUserServiceClient(invoker.CreateGrpcService<IUserService>(), options.DefaultDeadline, TimeProvider.System, options.ValidateRequests);
        Inventory = invoker.CreateGrpcService<IInventoryService>();
    }

    /// <summary>Creates a client over services resolved elsewhere (dependency injection); the client owns no channel.</summary>
    internal ProdStockClient(IProdService products, IOrderService orders, IUserService users, IInventoryService inventory)
    {
        Products = products;
        Orders = orders;
        Users = users;
        Inventory = inventory;
    }

    /// <summary>Stock levels and product information (<c>services.ProdService</c>).</summary>
    public IProdService Products { get; }

    /// <summary>Orders (<c>services.OrderService</c>).</summary>
    public IOrderService Orders { get; }

    /// <summary>User scores in all four call kinds (<c>services.UserService</c>).</summary>
    public IUserService Users { get; }

    /// <summary>
    /// Stock adjustments (<c>services.InventoryService</c>); the server accepts them only from client certificates it lists
    /// as stock writers (others get <c>PERMISSION_DENIED</c>). Never retried by the client: after a failure, send the same
    /// request again with the same <see cref="AdjustStockRequest.AdjustmentId"/>; the server applies it at most once.
    /// </summary>
    public IInventoryService Inventory { get; }

    /// <summary>Creates a client from options set by a delegate.</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The client.</returns>
    public static ProdStockClient Create(Action<ProdStockClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ProdStockClientOptions();
        configure(options);
        return new ProdStockClient(options);
    }

    /// <summary>Closes the channel this client created; a client from dependency injection leaves the channel to the container.</summary>
    public void Dispose() => _channel?.Dispose();
}
