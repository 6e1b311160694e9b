using System.Reflection;
using CodeFirst.Http;
using Grpc.Core;

namespace CodeFirst.Model;

/// <summary>One gRPC method of a service contract, as protobuf-net.Grpc binds it.</summary>
/// <param name="ServiceName">The full service name, e.g. <c>services.ProdService</c>.</param>
/// <param name="MethodName">The method name on the wire, e.g. <c>GetBook</c>.</param>
/// <param name="Kind">Unary, client-, server- or duplex-streaming.</param>
/// <param name="RequestType">The request message type (protobuf-net.Grpc's empty type for a method without argument).</param>
/// <param name="ResponseType">The response message type.</param>
/// <param name="ContractMethod">The C# method of the contract interface.</param>
public sealed record OperationModel(
    string ServiceName,
    string MethodName,
    MethodType Kind,
    Type RequestType,
    Type ResponseType,
    System.Reflection.MethodInfo ContractMethod)
{
    /// <summary>The HTTP route declared on the contract method with <see cref="HttpRouteAttribute"/>, or <see langword="null"/>.</summary>
    public HttpRouteAttribute? Route { get; } = ContractMethod.GetCustomAttribute<HttpRouteAttribute>();

    /// <summary>The protobuf package: the service name up to its last dot (<c>services</c> of <c>services.ProdService</c>).</summary>
    public string Package => ServiceName.LastIndexOf('.') is var dot and > 0 ? ServiceName[..dot] : "";

    /// <summary>The service name without its package (<c>ProdService</c>).</summary>
    public string ShortServiceName => ServiceName[(ServiceName.LastIndexOf('.') + 1)..];
}
