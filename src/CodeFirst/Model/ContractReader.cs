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

    /// <summary>The gRPC methods of a service contract, as protobuf-net.Grpc binds them.</summary>
    /// <param name="serviceContract">A <c>[ServiceContract]</c> interface.</param>
    /// <param name="configuration">The binder configuration the server uses (marshallers); protobuf-net.Grpc's default when omitted.</param>
    /// <returns>One operation per method, in the order protobuf-net.Grpc binds them.</returns>
    /// <exception cref="ArgumentException"><paramref name="serviceContract"/> is not an interface.</exception>
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
        /// <summary>Never called: throws <see cref="NotSupportedException"/>.</summary>
        /// <param name="targetMethod">The method.</param>
        /// <param name="args">Its arguments.</param>
        /// <returns>Nothing; it throws.</returns>
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new NotSupportedException("The contract reader never calls service methods.");
    }

    /// <summary>Records the method instead of binding it.</summary>
    /// <typeparam name="TService">The service type.</typeparam>
    /// <typeparam name="TRequest">The request message type.</typeparam>
    /// <typeparam name="TResponse">The response message type.</typeparam>
    /// <param name="bindContext">The binding in progress.</param>
    /// <param name="method">The gRPC method.</param>
    /// <param name="stub">The contract method behind it.</param>
    /// <returns>Always <see langword="true"/>.</returns>
    protected override bool TryBind<TService, TRequest, TResponse>(ServiceBindContext bindContext, Method<TRequest, TResponse> method, MethodStub<TService> stub)
    {
        _operations.Add(new OperationModel(method.ServiceName, method.Name, method.Type, typeof(TRequest), typeof(TResponse), stub.Method));
        return true;
    }
}
