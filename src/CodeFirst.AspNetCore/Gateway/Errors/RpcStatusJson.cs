using System.Text.Json;
using Grpc.Core;
using CodeFirst.Validation;

namespace CodeFirst.AspNetCore.Gateway.Errors;

/// <summary>
/// Writes a status as a <c>google.rpc.Status</c> JSON object: <c>{"code":3,"message":"…","details":[…]}</c>. A
/// <c>google.rpc.BadRequest</c> carried in the <c>grpc-status-details-bin</c> trailer becomes a detail
/// <c>{"@type":"type.googleapis.com/google.rpc.BadRequest","field_violations":[{"field":…,"description":…}]}</c>
/// (<c>fieldViolations</c> with lowerCamelCase names); a <c>google.rpc.PreconditionFailure</c> becomes
/// <c>{"@type":"type.googleapis.com/google.rpc.PreconditionFailure","violations":[{"type":…,"subject":…,"description":…}]}</c>.
/// </summary>
internal static class RpcStatusJson
{
    public static void Write(Utf8JsonWriter writer, RpcException exception, bool useProtoFieldNames)
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", (int)exception.StatusCode);
        writer.WriteString("message", exception.Status.Detail);
        writer.WriteStartArray("details");
        var violations = exception.GetFieldViolations();
        if (violations.Count > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("@type", RpcStatusDetails.BadRequestTypeUrl);
            writer.WriteStartArray(useProtoFieldNames ? "field_violations" : "fieldViolations");
            foreach (var violation in violations)
            {
                writer.WriteStartObject();
                writer.WriteString("field", violation.Field);
                writer.WriteString("description", violation.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var preconditions = exception.GetPreconditionViolations();
        if (preconditions.Count > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("@type", RpcStatusDetails.PreconditionFailureTypeUrl);
            writer.WriteStartArray("violations");
            foreach (var violation in preconditions)
            {
                writer.WriteStartObject();
                writer.WriteString("type", violation.Type);
                writer.WriteString("subject", violation.Subject);
                writer.WriteString("description", violation.Description);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
