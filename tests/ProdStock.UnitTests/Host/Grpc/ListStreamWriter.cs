using Grpc.Core;

namespace ProdStock.UnitTests.Host.Grpc;

/// <summary>A response stream that keeps what was written.</summary>
internal sealed class ListStreamWriter<T> : IServerStreamWriter<T>
{
    public List<T> Written { get; } = [];

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(T message)
    {
        Written.Add(message);
        return Task.CompletedTask;
    }
}
