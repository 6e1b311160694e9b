using System.Collections;
using System.Text.Json;
using ProdStock.Host.Gateway.Metadata;

namespace ProdStock.Host.Gateway.Json;

/// <summary>Writes protobuf-net messages as proto3 JSON.</summary>
internal static class ProtoJsonWriter
{
    public static void WriteMessage(Utf8JsonWriter writer, object message, ProtoJsonOptions options)
    {
        var descriptor = ProtoMessageDescriptor.For(message.GetType());
        writer.WriteStartObject();
        foreach (var field in descriptor.Fields)
        {
            var value = field.GetValue(message);
            var name = options.UseProtoFieldNames ? field.ProtoName : field.JsonName;
            if (field.IsRepeated)
            {
                var items = value as IList;
                if ((items is null || items.Count == 0) && !options.EmitDefaultValues)
                {
                    continue;
                }

                writer.WriteStartArray(name);
                foreach (var item in items ?? Array.Empty<object>())
                {
                    WriteValue(writer, field, item, options);
                }

                writer.WriteEndArray();
                continue;
            }

            if (value is null || (IsDefault(field, value) && field.Kind is not ProtoFieldKind.Message and not ProtoFieldKind.Timestamp and not ProtoFieldKind.Duration))
            {
                if (options.EmitDefaultValues)
                {
                    writer.WritePropertyName(name);
                    WriteDefault(writer, field);
                }

                continue;
            }

            writer.WritePropertyName(name);
            WriteValue(writer, field, value, options);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, ProtoFieldDescriptor field, object? value, ProtoJsonOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        switch (field.Kind)
        {
            case ProtoFieldKind.Int32:
                writer.WriteNumberValue(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ProtoFieldKind.UInt32:
                writer.WriteNumberValue(Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ProtoFieldKind.Float when float.IsFinite((float)value):
                writer.WriteNumberValue((float)value);
                break;
            case ProtoFieldKind.Double when double.IsFinite((double)value):
                writer.WriteNumberValue((double)value);
                break;
            case ProtoFieldKind.Bool:
                writer.WriteBooleanValue((bool)value);
                break;
            case ProtoFieldKind.Enum when !ProtoScalars.IsDefinedEnum(field.ValueType, value):
                writer.WriteNumberValue(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)); // proto3 JSON: unknown values as numbers
                break;
            case ProtoFieldKind.Message:
                WriteMessage(writer, value, options);
                break;
            default:
                // int64/uint64 as strings, non-finite floats, enums, strings, bytes, timestamps, durations.
                writer.WriteStringValue(ProtoScalars.Format(field, value));
                break;
        }
    }

    private static void WriteDefault(Utf8JsonWriter writer, ProtoFieldDescriptor field)
    {
        switch (field.Kind)
        {
            case ProtoFieldKind.Message or ProtoFieldKind.Timestamp or ProtoFieldKind.Duration:
                writer.WriteNullValue();
                break;
            case ProtoFieldKind.Int64 or ProtoFieldKind.UInt64:
                writer.WriteStringValue("0");
                break;
            case ProtoFieldKind.Bool:
                writer.WriteBooleanValue(false);
                break;
            case ProtoFieldKind.String or ProtoFieldKind.Bytes:
                writer.WriteStringValue("");
                break;
            case ProtoFieldKind.Enum:
                writer.WriteStringValue(ProtoScalars.FormatEnum(field.ValueType, Enum.ToObject(field.ValueType, 0)));
                break;
            default:
                writer.WriteNumberValue(0);
                break;
        }
    }

    private static bool IsDefault(ProtoFieldDescriptor field, object value) => field.Kind switch
    {
        ProtoFieldKind.String => ((string)value).Length == 0,
        ProtoFieldKind.Bytes => ((byte[])value).Length == 0,
        ProtoFieldKind.Bool => !(bool)value,
        ProtoFieldKind.Enum => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0,
        ProtoFieldKind.Float => (float)value == 0 && !float.IsNegative((float)value),
        ProtoFieldKind.Double => (double)value == 0 && !double.IsNegative((double)value),
        ProtoFieldKind.Int32 or ProtoFieldKind.Int64 or ProtoFieldKind.UInt32 or ProtoFieldKind.UInt64 =>
            Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) == 0,
        _ => false,
    };
}
