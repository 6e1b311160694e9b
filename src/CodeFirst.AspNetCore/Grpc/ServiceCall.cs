using System.Reflection;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>Typed delegates over a service method, made once when the method is bound.</summary>
internal static class ServiceCall
{
    /// <summary>A method with one answer, <c>ValueTask&lt;TResponse&gt;</c> or (when <paramref name="returnsTask"/>) <c>Task&lt;TResponse&gt;</c>.</summary>
    public static Func<TService, TArgument, CallContext, ValueTask<TResponse>> ForResult<TService, TArgument, TResponse>(MethodInfo method, bool returnsTask)
    {
        if (!returnsTask)
        {
            return method.CreateDelegate<Func<TService, TArgument, CallContext, ValueTask<TResponse>>>();
        }

        var call = method.CreateDelegate<Func<TService, TArgument, CallContext, Task<TResponse>>>();
        return (service, argument, context) => new ValueTask<TResponse>(call(service, argument, context));
    }

    /// <summary>A method answering with a stream.</summary>
    public static Func<TService, TArgument, CallContext, IAsyncEnumerable<TResponse>> ForStream<TService, TArgument, TResponse>(MethodInfo method) =>
        method.CreateDelegate<Func<TService, TArgument, CallContext, IAsyncEnumerable<TResponse>>>();
}
