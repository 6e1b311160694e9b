using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Grpc.Core;
using CodeFirst.AspNetCore.Gateway.Errors;
using CodeFirst.AspNetCore.Gateway.Json;
using CodeFirst.Model;
using CodeFirst.AspNetCore.Gateway.Routing;
using CodeFirst.Schema;
using ProtoBuf;
using ProtoBuf.Meta;

namespace CodeFirst.AspNetCore.OpenApi;

/// <summary>
/// Writes the OpenAPI 3.0 document of the REST gateway from the same route table and message descriptors the gateway
/// serves with, so the document cannot drift from the routes: paths with their template variables as path parameters,
/// the remaining scalar fields of body-less routes as query parameters, request bodies, JSON or NDJSON answers, the
/// <c>google.rpc.Status</c> error answers, and a component schema per message and enum with the proto3 JSON types
/// (int64 as strings, enums by name, Timestamps as RFC 3339 strings). Field names follow <see cref="ProtoJsonOptions.UseProtoFieldNames"/>.
/// </summary>
internal sealed class OpenApiDocumentBuilder
{
    /// <summary>The OpenAPI version written (3.0.x: what Swagger UI, client generators and the OpenAPI.NET readers all take).</summary>
    public const string OpenApiVersion = "3.0.3";

    public const string ErrorSchemaName = "google.rpc.Status";

    public const string AnySchemaName = "google.protobuf.Any";

    public const string NdjsonMediaType = "application/x-ndjson";

    public const string JsonMediaType = "application/json";

    private const string StreamErrorLine = """{"error": {…}}""";

    private const string StatusExample = """{"code": 5, "message": "…", "details": []}""";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // The document is served as application/json, never inlined in HTML: keep quotes and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly GatewayRouteTable _routes;
    private readonly bool _protoNames;
    private readonly ContractDocumentation _docs;
    private readonly Dictionary<Type, string> _schemaNames = [];
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal) { ErrorSchemaName, AnySchemaName };
    private readonly List<MessageModel> _messages = [];
    private readonly List<Type> _enums = [];

    private readonly RestGatewayOptions _info;

    private OpenApiDocumentBuilder(GatewayRouteTable routes, ProtoJsonOptions json, RestGatewayOptions info)
    {
        _routes = routes;
        _info = info;
        _protoNames = json.UseProtoFieldNames;
        _docs = new ContractDocumentation(FieldNameOf);
    }

    /// <summary>The document as UTF-8 JSON.</summary>
    public static byte[] Build(GatewayRouteTable routes, ProtoJsonOptions json, RestGatewayOptions? info = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(json);
        var builder = new OpenApiDocumentBuilder(routes, json, info ?? new RestGatewayOptions());
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            builder.Write(writer);
        }

        return buffer.ToArray();
    }

    private void Write(Utf8JsonWriter writer)
    {
        foreach (var route in _routes.Routes)
        {
            Register(route.Request);
            Register(route.Response);
        }

        writer.WriteStartObject();
        writer.WriteString("openapi", OpenApiVersion);
        WriteInfo(writer);
        WriteTags(writer);
        writer.WriteStartObject("paths");
        foreach (var path in _routes.Routes.GroupBy(PathOf))
        {
            writer.WriteStartObject(path.Key);
            foreach (var route in path)
            {
                writer.WriteStartObject(route.Rule.Method.ToLowerInvariant());
                WriteOperation(writer, route);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("components");
        writer.WriteStartObject("schemas");
        foreach (var message in _messages)
        {
            WriteMessageSchema(writer, message);
        }

        foreach (var enumType in _enums)
        {
            WriteEnumSchema(writer, enumType);
        }

        WriteStatusSchemas(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteInfo(Utf8JsonWriter writer)
    {
        var example = _protoNames ? "prod_area" : "prodArea";
        writer.WriteStartObject("info");
        writer.WriteString("title", _info.Title);
        writer.WriteString("version", _info.Version ?? ContractsVersion());
        writer.WriteString("description", $$"""
            The REST/JSON face of the gRPC services: every operation calls the gRPC method named by its `operationId` (in the service of its tag), with the same rules and the same errors.

            * Bodies and answers use the proto3 JSON mapping. Field names are {{(_protoNames ? "the `.proto` names (`prod_id`)" : "lowerCamelCase (`prodId`)")}}; input accepts both spellings and ignores unknown fields. 64-bit integers are strings, enums are names (numbers are accepted on input), Timestamps are RFC 3339 strings (`2026-11-25T08:30:00Z`), and the floats NaN and ±Infinity are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
            * Request fields that the path and the body do not bind come from the query string (`GET /v1/prod?size=3&{{example}}=B`): nested fields as `parent.child`, repeated fields by repeating the parameter.
            * Server-streaming operations answer NDJSON (`{{NdjsonMediaType}}`): one message per line, flushed as the server sends it; a failure after the first line ends the stream with a line `{{StreamErrorLine}}` holding a `{{ErrorSchemaName}}`. Client-streaming operations read NDJSON, or a JSON array of messages sent as `{{JsonMediaType}}`.
            * Errors are `{{ErrorSchemaName}}` objects (`{{StatusExample}}`) with the HTTP status of their gRPC code.
            """ + (_info.Description is { } more ? "\n\n" + more : ""));
        writer.WriteEndObject();
    }

    private void WriteTags(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("tags");
        foreach (var service in _routes.Routes.GroupBy(r => r.Operation.ServiceName))
        {
            writer.WriteStartObject();
            writer.WriteString("name", service.Key);
            if (service.First().Operation.ContractMethod.DeclaringType is { } contract && _docs.Summary(contract) is { } summary)
            {
                writer.WriteString("description", summary);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void WriteOperation(Utf8JsonWriter writer, GatewayRoute route)
    {
        var method = route.Operation.ContractMethod;
        writer.WriteStartArray("tags");
        writer.WriteStringValue(route.Operation.ServiceName);
        writer.WriteEndArray();
        writer.WriteString("operationId", route.Operation.MethodName);
        writer.WriteString("summary", _docs.Summary(method) ?? route.Operation.MethodName);
        var description = new StringBuilder();
        if (_docs.Remarks(method) is { } remarks)
        {
            description.Append(remarks).Append("\n\n");
        }

        description.Append(CultureInfo.InvariantCulture, $"gRPC `{route.FullMethodName}`, {KindText(route.Operation.Kind)}.");
        writer.WriteString("description", description.ToString());

        var parameters = PathParameters(route).Concat(QueryParameters(route)).ToList();
        if (parameters.Count > 0)
        {
            writer.WriteStartArray("parameters");
            foreach (var parameter in parameters)
            {
                WriteParameter(writer, parameter);
            }

            writer.WriteEndArray();
        }

        if (route.HasBody)
        {
            WriteRequestBody(writer, route);
        }

        writer.WriteStartObject("responses");
        WriteSuccess(writer, route);
        WriteErrors(writer);
        writer.WriteEndObject();
    }

    private static string KindText(MethodType kind) => kind switch
    {
        MethodType.ServerStreaming => "server streaming: the answer is NDJSON, one message per line",
        MethodType.ClientStreaming => "client streaming: the body is a stream of messages (NDJSON, or a JSON array), answered once at its end",
        _ => "unary",
    };

    private void WriteRequestBody(Utf8JsonWriter writer, GatewayRoute route)
    {
        writer.WriteStartObject("requestBody");
        if (route.Operation.Kind == MethodType.ClientStreaming)
        {
            writer.WriteString("description", $"The stream of `{route.Request.Name}` messages: a JSON array of them (`{JsonMediaType}`), or one JSON object per line (`{NdjsonMediaType}`).");
        }
        else if (route.BodyField is { } bodyField)
        {
            writer.WriteString("description", $"The `{FieldName(bodyField)}` field of `{route.Request.Name}`" +
                (FieldSummary(route.Request, bodyField) is { } summary ? $": {summary}" : "."));
        }
        else
        {
            writer.WriteString("description", $"The whole `{route.Request.Name}`; an empty body leaves every field at its default.");
        }

        writer.WriteStartObject("content");
        writer.WriteStartObject(JsonMediaType);
        writer.WriteStartObject("schema");
        if (route.Operation.Kind == MethodType.ClientStreaming)
        {
            // application/json first: the array form is the one a documentation page's example editor can send as is.
            writer.WriteString("type", "array");
            writer.WriteStartObject("items");
            WriteReference(writer, route.Request.ClrType);
            writer.WriteEndObject();
        }
        else if (route.BodyField is { } field)
        {
            WriteValueSchema(writer, field);
        }
        else
        {
            WriteReference(writer, route.Request.ClrType);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        if (route.Operation.Kind == MethodType.ClientStreaming)
        {
            writer.WriteStartObject(NdjsonMediaType);
            writer.WriteStartObject("schema");
            WriteReference(writer, route.Request.ClrType);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteSuccess(Utf8JsonWriter writer, GatewayRoute route)
    {
        var responseName = route.ResponseBodyField is { } field ? $"the `{FieldName(field)}` field of `{route.Response.Name}`" : $"`{route.Response.Name}`";
        var streaming = route.Operation.Kind == MethodType.ServerStreaming;
        writer.WriteStartObject("200");
        writer.WriteString("description", streaming
            ? $"A stream of {responseName} messages as NDJSON: one JSON object per line, each line flushed as the server sends it. " +
              $"The answer starts once the first message is ready, so errors found before it are ordinary error answers. A failure after that " +
              $"ends the stream with one last line `{{\"error\": {{\"code\": …, \"message\": \"…\", \"details\": []}}}}` (a `{ErrorSchemaName}`)."
            : $"The answer: {responseName}.");
        writer.WriteStartObject("content");
        writer.WriteStartObject(streaming ? NdjsonMediaType : JsonMediaType);
        writer.WriteStartObject("schema");
        if (route.ResponseBodyField is { } bodyField)
        {
            WriteValueSchema(writer, bodyField);
        }
        else
        {
            WriteReference(writer, route.Response.ClrType);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The error answers, described from the gateway's gRPC-to-HTTP status table.</summary>
    private static void WriteErrors(Utf8JsonWriter writer)
    {
        var byHttpStatus = Enum.GetValues<StatusCode>()
            .Where(code => code != StatusCode.OK)
            .GroupBy(HttpStatusMapping.ToHttpStatus)
            .OrderBy(g => g.Key)
            .ToList();
        foreach (var (range, kind) in new[] { (4, "The request was refused"), (5, "The server could not answer") })
        {
            var rows = byHttpStatus.Where(g => g.Key / 100 == range)
                .Select(g => $"{g.Key.ToString(CultureInfo.InvariantCulture)} {string.Join(", ", g.Select(StatusName))}")
                .ToList();
            if (range == 4)
            {
                rows.Add("404 also for a path the gateway does not serve; 405 for a method the path does not serve");
            }

            writer.WriteStartObject(range.ToString(CultureInfo.InvariantCulture) + "XX");
            writer.WriteString("description", $"{kind}: a `{ErrorSchemaName}` whose `code` is the gRPC status code and whose `message` names the problem " +
                $"(and the field). HTTP status by gRPC code: {string.Join("; ", rows)}.");
            writer.WriteStartObject("content");
            writer.WriteStartObject(JsonMediaType);
            writer.WriteStartObject("schema");
            writer.WriteString("$ref", "#/components/schemas/" + ErrorSchemaName);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    /// <summary><c>InvalidArgument</c> → <c>INVALID_ARGUMENT</c>, as gRPC spells its codes.</summary>
    private static string StatusName(StatusCode code)
    {
        var name = code.ToString();
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }

    private sealed record Parameter(string Name, string In, MessageModel Owner, FieldModel Field);

    private IEnumerable<Parameter> PathParameters(GatewayRoute route)
    {
        foreach (var variable in route.Template.Variables)
        {
            var (owner, field) = Resolve(route.Request, variable);
            yield return new Parameter(PathName(route.Request, variable), "path", owner, field);
        }
    }

    /// <summary>The scalar fields the gateway binds from the query string: none when the body is the whole message.</summary>
    private List<Parameter> QueryParameters(GatewayRoute route)
    {
        var parameters = new List<Parameter>();
        if (route.BodyIsWholeMessage)
        {
            return parameters;
        }

        var bound = route.Template.Variables.Select(v => ProtoPath(route.Request, v)).ToHashSet(StringComparer.Ordinal);
        AddQuery(route.Request, "", "", route.BodyField, bound, [route.Request.ClrType], parameters);
        return parameters;
    }

    private void AddQuery(
        MessageModel message, string prefix, string protoPrefix, FieldModel? skip, HashSet<string> bound, HashSet<Type> chain, List<Parameter> parameters)
    {
        foreach (var field in message.Fields)
        {
            var protoPath = protoPrefix + field.ProtoName;
            if (field == skip || bound.Contains(protoPath))
            {
                continue;
            }

            if (field.Kind == FieldKind.Message)
            {
                // Only a single (not repeated) message can be walked into, and a recursive message only once.
                if (!field.IsRepeated && chain.Add(field.ValueType))
                {
                    AddQuery(field.Message!, prefix + FieldName(field) + ".", protoPath + ".", skip: null, bound, chain, parameters);
                    chain.Remove(field.ValueType);
                }

                continue;
            }

            parameters.Add(new Parameter(prefix + FieldName(field), "query", message, field));
        }
    }

    private void WriteParameter(Utf8JsonWriter writer, Parameter parameter)
    {
        writer.WriteStartObject();
        writer.WriteString("name", parameter.Name);
        writer.WriteString("in", parameter.In);
        if (FieldSummary(parameter.Owner, parameter.Field) is { } summary)
        {
            writer.WriteString("description", summary);
        }

        writer.WriteBoolean("required", parameter.In == "path");
        if (parameter.Field.IsRepeated)
        {
            writer.WriteString("style", "form");
            writer.WriteBoolean("explode", true);
        }

        writer.WriteStartObject("schema");
        WriteValueSchema(writer, parameter.Field);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteMessageSchema(Utf8JsonWriter writer, MessageModel message)
    {
        writer.WriteStartObject(_schemaNames[message.ClrType]);
        writer.WriteString("type", "object");
        if (_docs.Summary(message.ClrType) is { } summary)
        {
            writer.WriteString("description", summary);
        }

        writer.WriteStartObject("properties");
        foreach (var field in message.Fields)
        {
            writer.WriteStartObject(FieldName(field));
            WritePropertySchema(writer, field, FieldSummary(message, field));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteEnumSchema(Utf8JsonWriter writer, Type enumType)
    {
        writer.WriteStartObject(_schemaNames[enumType]);
        writer.WriteString("type", "string");
        var values = Enum.GetValues(enumType).Cast<object>().ToList();
        var names = values.Select(v => ProtoScalars.FormatEnum(enumType, v)).Distinct(StringComparer.Ordinal).ToList();
        writer.WriteStartArray("enum");
        foreach (var name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteString("default", ProtoScalars.FormatEnum(enumType, Enum.ToObject(enumType, 0)));
        var description = new StringBuilder();
        if (_docs.Summary(enumType) is { } summary)
        {
            description.Append(summary).Append("\n\n");
        }

        description.Append("Written by name; input also takes the number:");
        foreach (var value in values)
        {
            var name = ProtoScalars.FormatEnum(enumType, value);
            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            var doc = enumType.GetField(Enum.GetName(enumType, value)!) is { } member ? _docs.Summary(member) : null;
            description.Append(CultureInfo.InvariantCulture, $"\n* `{name}` = {number}{(doc is null ? "" : ": " + doc)}");
        }

        writer.WriteString("description", description.ToString());
        writer.WriteEndObject();
    }

    private static void WriteStatusSchemas(Utf8JsonWriter writer)
    {
        writer.WriteStartObject(ErrorSchemaName);
        writer.WriteString("type", "object");
        writer.WriteString("description", "The error answer of every operation: a `google.rpc.Status` in proto3 JSON. NDJSON streams that fail after their first line end with `{\"error\": <this>}`.");
        writer.WriteStartArray("required");
        writer.WriteStringValue("code");
        writer.WriteStringValue("message");
        writer.WriteEndArray();
        writer.WriteStartObject("properties");
        writer.WriteStartObject("code");
        writer.WriteString("type", "integer");
        writer.WriteString("format", "int32");
        writer.WriteString("description", "The gRPC status code: " + string.Join(", ",
            Enum.GetValues<StatusCode>().Select(c => $"{((int)c).ToString(CultureInfo.InvariantCulture)} {StatusName(c)}")) + ".");
        writer.WriteEndObject();
        writer.WriteStartObject("message");
        writer.WriteString("type", "string");
        writer.WriteString("description", "What went wrong, naming the field (`invalid ProdRequest.prod_id: value must be greater than 0`).");
        writer.WriteEndObject();
        writer.WriteStartObject("details");
        writer.WriteString("type", "array");
        writer.WriteString("description", "Further details; empty in this version.");
        writer.WriteStartObject("items");
        writer.WriteString("$ref", "#/components/schemas/" + AnySchemaName);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject(AnySchemaName);
        writer.WriteString("type", "object");
        writer.WriteString("description", "A message of any type, named by its `@type` URL (proto3 JSON of `google.protobuf.Any`).");
        writer.WriteStartObject("properties");
        writer.WriteStartObject("@type");
        writer.WriteString("type", "string");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteBoolean("additionalProperties", true);
        writer.WriteEndObject();
    }

    /// <summary>The schema of a message property: nullable where proto3 JSON writes <c>null</c> (unset messages and Timestamps).</summary>
    private void WritePropertySchema(Utf8JsonWriter writer, FieldModel field, string? description)
    {
        if (field.IsRepeated)
        {
            WriteValueSchema(writer, field);
        }
        else if (field.Kind is FieldKind.Message or FieldKind.Enum)
        {
            // In OpenAPI 3.0 a $ref ignores its siblings: wrap it to carry the description (and nullable).
            writer.WriteStartArray("allOf");
            writer.WriteStartObject();
            WriteReference(writer, field.ValueType);
            writer.WriteEndObject();
            writer.WriteEndArray();
            if (field.Kind == FieldKind.Message)
            {
                writer.WriteBoolean("nullable", true);
            }
        }
        else
        {
            WriteScalar(writer, field.Kind);
            if (field.Kind is FieldKind.Timestamp or FieldKind.Duration)
            {
                writer.WriteBoolean("nullable", true);
            }
        }

        if (description is not null)
        {
            writer.WriteString("description", description);
        }
    }

    /// <summary>The schema of a field's value: an array of its items when repeated, else its item schema.</summary>
    private void WriteValueSchema(Utf8JsonWriter writer, FieldModel field)
    {
        if (field.IsRepeated)
        {
            writer.WriteString("type", "array");
            writer.WriteStartObject("items");
            WriteItemSchema(writer, field);
            writer.WriteEndObject();
        }
        else
        {
            WriteItemSchema(writer, field);
        }
    }

    private void WriteItemSchema(Utf8JsonWriter writer, FieldModel field)
    {
        if (field.Kind is FieldKind.Message or FieldKind.Enum)
        {
            WriteReference(writer, field.ValueType);
        }
        else
        {
            WriteScalar(writer, field.Kind);
        }
    }

    /// <summary>The proto3 JSON form of a scalar kind.</summary>
    private static void WriteScalar(Utf8JsonWriter writer, FieldKind kind)
    {
        switch (kind)
        {
            case FieldKind.Int32:
                writer.WriteString("type", "integer");
                writer.WriteString("format", "int32");
                break;
            case FieldKind.UInt32:
                writer.WriteString("type", "integer");
                writer.WriteString("format", "int64");
                writer.WriteNumber("minimum", 0);
                writer.WriteNumber("maximum", uint.MaxValue);
                break;
            case FieldKind.Int64:
                writer.WriteString("type", "string");
                writer.WriteString("format", "int64");
                break;
            case FieldKind.UInt64:
                writer.WriteString("type", "string");
                writer.WriteString("format", "uint64");
                break;
            case FieldKind.Float:
                writer.WriteString("type", "number");
                writer.WriteString("format", "float");
                break;
            case FieldKind.Double:
                writer.WriteString("type", "number");
                writer.WriteString("format", "double");
                break;
            case FieldKind.Bool:
                writer.WriteString("type", "boolean");
                break;
            case FieldKind.Bytes:
                writer.WriteString("type", "string");
                writer.WriteString("format", "byte");
                break;
            case FieldKind.Timestamp:
                writer.WriteString("type", "string");
                writer.WriteString("format", "date-time");
                break;
            case FieldKind.Duration:
                writer.WriteString("type", "string");
                writer.WriteString("pattern", @"^-?[0-9]+(\.[0-9]{1,9})?s$");
                writer.WriteString("example", "1.5s");
                break;
            default:
                writer.WriteString("type", "string");
                break;
        }
    }

    private void WriteReference(Utf8JsonWriter writer, Type type) =>
        writer.WriteString("$ref", "#/components/schemas/" + _schemaNames[type]);

    /// <summary>Gives every message and enum reachable from <paramref name="message"/> a component schema name.</summary>
    private void Register(MessageModel message)
    {
        if (!TryName(message.ClrType, message.Name))
        {
            return;
        }

        _messages.Add(message);
        foreach (var field in message.Fields)
        {
            if (field.Kind == FieldKind.Message)
            {
                Register(field.Message!);
            }
            else if (field.Kind == FieldKind.Enum && TryName(field.ValueType, ProtoTypeName.Of(field.ValueType)))
            {
                _enums.Add(field.ValueType);
            }
        }
    }

    /// <summary>Names a type's schema by its proto name (its full CLR name should two types share one); false when it has one.</summary>
    private bool TryName(Type type, string protoName)
    {
        if (_schemaNames.ContainsKey(type))
        {
            return false;
        }

        var name = _usedNames.Add(protoName) ? protoName : type.FullName!.Replace('+', '.');
        _usedNames.Add(name);
        _schemaNames[type] = name;
        return true;
    }

    /// <summary>The OpenAPI path: the template with its variables named as the JSON spells them (<c>/v1/prod/{prod_id}</c>).</summary>
    private string PathOf(GatewayRoute route)
    {
        var path = new StringBuilder();
        foreach (var segment in route.Template.Segments)
        {
            path.Append('/');
            path.Append(segment.IsVariable ? "{" + PathName(route.Request, segment.FieldPath!) + "}" : segment.Literal);
        }

        if (route.Template.Verb is { } verb)
        {
            path.Append(':').Append(verb);
        }

        return path.ToString();
    }

    private string PathName(MessageModel request, IReadOnlyList<string> variable) =>
        string.Join('.', Steps(request, variable).Select(step => FieldName(step.Field)));

    private static string ProtoPath(MessageModel request, IReadOnlyList<string> variable) =>
        string.Join('.', Steps(request, variable).Select(step => step.Field.ProtoName));

    private static (MessageModel Owner, FieldModel Field) Resolve(MessageModel request, IReadOnlyList<string> variable) =>
        Steps(request, variable)[^1];

    /// <summary>The fields along a path the route table has already checked (each step but the last is a message).</summary>
    private static List<(MessageModel Owner, FieldModel Field)> Steps(MessageModel request, IReadOnlyList<string> variable)
    {
        var steps = new List<(MessageModel, FieldModel)>();
        var current = request;
        foreach (var name in variable)
        {
            var field = current.Find(name)!;
            steps.Add((current, field));
            current = field.Message!;
        }

        return steps;
    }

    private string FieldName(FieldModel field) => _protoNames ? field.ProtoName : field.JsonName;

    private string? FieldSummary(MessageModel owner, FieldModel field) =>
        PropertyOf(owner, field) is { } property ? _docs.Summary(property) : null;

    private string FieldNameOf(PropertyInfo property)
    {
        var tag = property.GetCustomAttribute<ProtoMemberAttribute>()?.Tag;
        var field = property.DeclaringType is { } type && RuntimeTypeModel.Default.CanSerializeContractType(type)
            ? MessageModel.For(type).Fields.FirstOrDefault(f => f.Number == tag)
            : null;
        return field is null ? property.Name : FieldName(field);
    }

    private static PropertyInfo? PropertyOf(MessageModel owner, FieldModel field) =>
        RuntimeTypeModel.Default[owner.ClrType].GetFields().FirstOrDefault(f => f.FieldNumber == field.Number)?.Member as PropertyInfo;

    private string ContractsVersion()
    {
        var assembly = _routes.Routes.FirstOrDefault()?.Operation.ContractMethod.DeclaringType?.Assembly ?? typeof(OpenApiDocumentBuilder).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
