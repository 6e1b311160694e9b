using Grpc.Core;
using Grpc.Net.Client.Configuration;
using ProdStock.Contracts;

namespace ProdStock.ClientSdk.Internal;

/// <summary>
/// The channel's service config: calls of the read-only services are retried on <c>UNAVAILABLE</c> with exponential
/// back-off; <c>services.OrderService</c> and <c>services.InventoryService</c> are not listed, so orders and stock
/// adjustments are never retried behind the caller's back. Both are idempotent by their keys (<c>order_no</c>,
/// <c>adjustment_id</c>), so the caller may resend them safely; that stays the caller's decision.
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
