using System.Reflection;
using Grpc.Core;
using ProtoBuf.Grpc.Configuration;

namespace CodeFirst.Model;

/// <summary>
/// Lists the gRPC methods of service contracts exactly as the runtime binds them: a <see cref="ServerBinder"/> that binds
/// nothing and records every method protobuf-net.Grpc offers it. Only the interface is needed: protobuf-net.Grpc binds the
/// contracts a service type implements, so the reader binds a <see cref="DispatchProxy"/> type made for the interface.
/// </summary>
public sealed class ContractReader : ServerBinder
{
    private readonly List<OperationModel> _operations = [];

    private ContractReader()
    {
    }

    /// <summary>The gRPC methods of a service contract interface, as protobuf-net.Grpc would serve them.</summary>
    /// <param name="serviceContract">The <c>[ServiceContract]</c> interface.</param>
    /// <param name="configuration">The binder configuration the server uses; protobuf-net.Grpc's default when omitted.</param>
    /// <returns>One model per method, in the order protobuf-net.Grpc binds them.</returns>
    public static IReadOnlyList<OperationModel> Read(Type serviceContract, BinderConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(serviceContract);
        if (!serviceContract.IsInterface)
        {
            throw new ArgumentException($"{serviceContract} is not an interface.", nameof(serviceContract));
        }

        var implementation = DispatchProxy.Create(serviceContract, typeof(UnboundService)).GetType();
        var reader = new ContractReader();
        reader.Bind(state: reader, implementation, configuration);
        return reader._operations;
    }

    /// <summary>A proxy whose methods are never called: it only gives the interface a type that implements it.</summary>
    public class UnboundService : DispatchProxy
    {
        /// <inheritdoc />
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new NotSupportedException("The contract reader never calls service methods.");
    }

    /// <inheritdoc />
    protected override bool TryBind<TService, TRequest, TResponse>(ServiceBindContext bindContext, Method<TRequest, TResponse> method, MethodStub<TService> stub)
    {
        _operations.Add(new OperationModel(method.ServiceName, method.Name, method.Type, typeof(TRequest), typeof(TResponse), stub.Method));
        return true;
    }
}
