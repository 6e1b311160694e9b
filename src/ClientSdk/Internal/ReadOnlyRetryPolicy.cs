using Grpc.Core;
using Grpc.Net.Client.Configuration;
using ProdStock.Contracts;

namespace ProdStock.ClientSdk.Internal;

/// <summary>
/// The channel's service config: calls of the read-only services are retried on <c>UNAVAILABLE</c> with exponential
/// back-off; <c>services.OrderService</c> is not listed, so orders are never retried behind the caller's back.
/// </summary>
internal static class ReadOnlyRetryPolicy
{
    public static ServiceConfig Create(int maxAttempts) => new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names = { new MethodName { Service = ProtoNames.ProdService }, new MethodName { Service = ProtoNames.UserService } },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = maxAttempts,
                    InitialBackoff = TimeSpan.FromMilliseconds(200),
                    MaxBackoff = TimeSpan.FromSeconds(2),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };
}
