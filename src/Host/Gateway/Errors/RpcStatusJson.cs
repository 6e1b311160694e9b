using System.Text.Json;
using Grpc.Core;

namespace ProdStock.Host.Gateway.Errors;

/// <summary>Writes a status as a <c>google.rpc.Status</c> JSON object: <c>{"code":3,"message":"…","details":[…]}</c>.</summary>
internal static class RpcStatusJson
{
    public static void Write(Utf8JsonWriter writer, RpcException exception)
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", (int)exception.StatusCode);
        writer.WriteString("message", exception.Status.Detail);
        writer.WriteStartArray("details");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
