namespace CodeFirst.AspNetCore.Gateway.Json;

/// <summary>How the gateway writes proto3 JSON (reading always accepts both spellings of a field name).</summary>
internal sealed record ProtoJsonOptions(bool UseProtoFieldNames, bool EmitDefaultValues)
{
    public static readonly ProtoJsonOptions Default = new(UseProtoFieldNames: true, EmitDefaultValues: true);
}
