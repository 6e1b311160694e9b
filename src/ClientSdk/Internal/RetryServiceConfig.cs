using Grpc.Core;
using Grpc.Net.Client.Configuration;
using ProdStock.Contracts;

namespace ProdStock.ClientSdk.Internal;

/// <summary>
/// The channel's service config: which calls gRPC retries on <c>UNAVAILABLE</c>, with exponential back-off. Reads
/// (<c>ProdService</c>, <c>UserService</c>) change nothing. <c>NewOrder</c> and <c>AdjustStock</c> are idempotent by
/// their keys (<c>order_no</c>, <c>adjustment_id</c>): a retry of a write that was stored before its answer was lost gets
/// the stored answer, and nothing is stored twice, so they are retried too. No other status is retried: any other answer
/// is the server's decision.
/// </summary>
internal static class RetryServiceConfig
{
    /// <summary>The service config for the options, or <see langword="null"/> when nothing is retried.</summary>
    public static ServiceConfig? Create(ProdStockClientOptions options)
    {
        var config = new ServiceConfig();
        if (options.RetryReadOnlyCalls)
        {
            config.MethodConfigs.Add(Retried(options.MaxRetryAttempts,
                new MethodName { Service = ProtoNames.ProdService },
                new MethodName { Service = ProtoNames.UserService }));
        }

        if (options.RetryIdempotentWrites)
        {
            config.MethodConfigs.Add(Retried(options.MaxRetryAttempts,
                new MethodName { Service = ProtoNames.OrderService, Method = "NewOrder" },
                new MethodName { Service = ProtoNames.InventoryService, Method = "AdjustStock" }));
        }

        return config.MethodConfigs.Count == 0 ? null : config;
    }

    private static MethodConfig Retried(int maxAttempts, params MethodName[] names)
    {
        var method = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = maxAttempts,
                InitialBackoff = TimeSpan.FromMilliseconds(200),
                MaxBackoff = TimeSpan.FromSeconds(2),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var name in names)
        {
            method.Names.Add(name);
        }

        return method;
    }
}
