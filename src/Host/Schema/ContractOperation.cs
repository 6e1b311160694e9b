using Grpc.Core;

namespace ProdStock.Host.Schema;

/// <summary>One gRPC method of a service contract, as protobuf-net.Grpc binds it.</summary>
/// <param name="ServiceName">The full service name, e.g. <c>services.ProdService</c>.</param>
/// <param name="MethodName">The method name on the wire, e.g. <c>GetProdStock</c>.</param>
/// <param name="Kind">Unary, client-, server- or duplex-streaming.</param>
/// <param name="RequestType">The request message type (protobuf-net.Grpc's empty type for a method without argument).</param>
/// <param name="ResponseType">The response message type.</param>
/// <param name="ContractMethod">The C# method of the contract interface.</param>
internal sealed record ContractOperation(
    string ServiceName,
    string MethodName,
    MethodType Kind,
    Type RequestType,
    Type ResponseType,
    System.Reflection.MethodInfo ContractMethod);
