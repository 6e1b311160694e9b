using System.Text.Json;
using CodeFirst.Model;

namespace CodeFirst.AspNetCore.Gateway.Json;

/// <summary>
/// Reads proto3 JSON into protobuf-net messages. Field names may be the proto names (<c>book_id</c>) or the JSON names
/// (<c>bookId</c>); unknown fields are ignored; <c>null</c> leaves a field at its default; numbers may be quoted; enums
/// come by name or number. A value of the wrong JSON type is <c>INVALID_ARGUMENT</c> naming the field.
/// </summary>
internal static class ProtoJsonReader
{
    private const int MaxDepth = 32;

    /// <summary>Reads one JSON object (the reader is positioned on its start) into a new <paramref name="descriptor"/> message.</summary>
    public static object ReadMessage(ref Utf8JsonReader reader, MessageModel descriptor, string path, int depth = 0)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ProtoScalars.Invalid(path, $"expected a JSON object for {descriptor.Name}, got {Describe(reader.TokenType)}");
        }

        if (depth > MaxDepth)
        {
            throw ProtoScalars.Invalid(path, "the JSON is nested too deeply");
        }

        var message = descriptor.CreateInstance();
        ReadFieldsInto(ref reader, message, descriptor, path, depth);
        return message;
    }

    /// <summary>Reads the properties of the JSON object the reader is positioned on into an existing message.</summary>
    public static void ReadFieldsInto(ref Utf8JsonReader reader, object message, MessageModel descriptor, string path, int depth = 0)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var field = descriptor.Find(name);
            if (field is null)
            {
                reader.Skip(); // unknown fields are ignored, as the proto3 JSON mapping allows
                continue;
            }

            ReadField(ref reader, message, field, path == descriptor.Name ? field.QualifiedName : $"{path}.{field.ProtoName}", depth);
        }
    }

    /// <summary>
    /// Reads the JSON value the reader is positioned on into <paramref name="field"/> of <paramref name="message"/>
    /// (<c>null</c> leaves it at its default); for a request body that is one field's value.
    /// </summary>
    public static void ReadField(ref Utf8JsonReader reader, object message, FieldModel field, string fieldPath, int depth = 0)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (field.IsRepeated)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw ProtoScalars.Invalid(fieldPath, $"expected a JSON array, got {Describe(reader.TokenType)}");
            }

            var list = field.GetOrCreateList(message);
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                list.Add(ReadValue(ref reader, field, $"{fieldPath}[{index++}]", depth));
            }

            return;
        }

        field.SetValue(message, ReadValue(ref reader, field, fieldPath, depth));
    }

    private static object ReadValue(ref Utf8JsonReader reader, FieldModel field, string path, int depth)
    {
        switch (field.Kind)
        {
            case FieldKind.Message:
                return ReadMessage(ref reader, field.Message!, path, depth + 1);
            case FieldKind.Bool when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                return reader.GetBoolean();
            case FieldKind.Int32 or FieldKind.Int64 or FieldKind.UInt32 or FieldKind.UInt64 or FieldKind.Float or FieldKind.Double
                when reader.TokenType == JsonTokenType.Number:
                return ProtoScalars.Parse(field, NumberText(ref reader), path);
            case FieldKind.Enum when reader.TokenType == JsonTokenType.Number:
                return reader.TryGetInt64(out var number) && ProtoScalars.EnumFromNumber(field.ValueType, number) is { } value
                    ? value
                    : throw ProtoScalars.Invalid(path, $"expected {ProtoScalars.Describe(field)}");
            case not (FieldKind.Bool or FieldKind.Message) when reader.TokenType == JsonTokenType.String:
                return ProtoScalars.Parse(field, reader.GetString()!, path);
            default:
                throw ProtoScalars.Invalid(path, $"expected {ProtoScalars.Describe(field)}, got {Describe(reader.TokenType)}");
        }
    }

    /// <summary>The number as written; <see cref="ProtoScalars.Parse"/> accepts whole numbers in other notations (1.0, 1e2).</summary>
    private static string NumberText(ref Utf8JsonReader reader) =>
        System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
