using Grpc.Core;

namespace ProdStock.UnitTests.Infrastructure;

/// <summary>Asserts that a service call fails with a given gRPC status.</summary>
internal static class RpcAssert
{
    /// <summary>Runs <paramref name="act"/> (bounded in time) and asserts it throws an <see cref="RpcException"/> with <paramref name="code"/>.</summary>
    public static async Task<RpcException> ThrowsAsync(StatusCode code, Func<Task> act)
    {
        Func<Task> bounded = () => act().DefaultTimeout();
        var thrown = (await bounded.Should().ThrowAsync<RpcException>()).Which;
        thrown.StatusCode.Should().Be(code, "the status detail was \"{0}\"", thrown.Status.Detail);
        return thrown;
    }

    /// <inheritdoc cref="ThrowsAsync(StatusCode, Func{Task})"/>
    public static Task<RpcException> ThrowsAsync<T>(StatusCode code, Func<ValueTask<T>> act) => ThrowsAsync(code, () => act().AsTask());
}
