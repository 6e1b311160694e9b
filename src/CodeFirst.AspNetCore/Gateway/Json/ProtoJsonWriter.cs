using System.Collections;
using System.Text.Json;
using CodeFirst.Model;

namespace CodeFirst.AspNetCore.Gateway.Json;

/// <summary>Writes protobuf-net messages as proto3 JSON.</summary>
internal static class ProtoJsonWriter
{
    public static void WriteMessage(Utf8JsonWriter writer, object message, ProtoJsonOptions options)
    {
        var descriptor = MessageModel.For(message.GetType());
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

            if (value is null || (IsDefault(field, value) && field.Kind is not FieldKind.Message and not FieldKind.Timestamp and not FieldKind.Duration))
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

    private static void WriteValue(Utf8JsonWriter writer, FieldModel field, object? value, ProtoJsonOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        switch (field.Kind)
        {
            case FieldKind.Int32:
                writer.WriteNumberValue(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case FieldKind.UInt32:
                writer.WriteNumberValue(Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case FieldKind.Float when float.IsFinite((float)value):
                writer.WriteNumberValue((float)value);
                break;
            case FieldKind.Double when double.IsFinite((double)value):
                writer.WriteNumberValue((double)value);
                break;
            case FieldKind.Bool:
                writer.WriteBooleanValue((bool)value);
                break;
            case FieldKind.Enum when !ProtoScalars.IsDefinedEnum(field.ValueType, value):
                writer.WriteNumberValue(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)); // proto3 JSON: unknown values as numbers
                break;
            case FieldKind.Message:
                WriteMessage(writer, value, options);
                break;
            default:
                // int64/uint64 as strings, non-finite floats, enums, strings, bytes, timestamps, durations.
                writer.WriteStringValue(ProtoScalars.Format(field, value));
                break;
        }
    }

    private static void WriteDefault(Utf8JsonWriter writer, FieldModel field)
    {
        switch (field.Kind)
        {
            case FieldKind.Message or FieldKind.Timestamp or FieldKind.Duration:
                writer.WriteNullValue();
                break;
            case FieldKind.Int64 or FieldKind.UInt64:
                writer.WriteStringValue("0");
                break;
            case FieldKind.Bool:
                writer.WriteBooleanValue(false);
                break;
            case FieldKind.String or FieldKind.Bytes:
                writer.WriteStringValue("");
                break;
            case FieldKind.Enum:
                writer.WriteStringValue(ProtoScalars.FormatEnum(field.ValueType, Enum.ToObject(field.ValueType, 0)));
                break;
            default:
                writer.WriteNumberValue(0);
                break;
        }
    }

    private static bool IsDefault(FieldModel field, object value) => field.Kind switch
    {
        FieldKind.String => ((string)value).Length == 0,
        FieldKind.Bytes => ((byte[])value).Length == 0,
        FieldKind.Bool => !(bool)value,
        FieldKind.Enum => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0,
        FieldKind.Float => (float)value == 0 && !float.IsNegative((float)value),
        FieldKind.Double => (double)value == 0 && !double.IsNegative((double)value),
        FieldKind.Int32 or FieldKind.Int64 or FieldKind.UInt32 or FieldKind.UInt64 =>
            Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) == 0,
        _ => false,
    };
}
