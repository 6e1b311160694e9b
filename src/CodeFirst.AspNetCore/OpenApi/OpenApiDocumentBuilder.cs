using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Models;
using CodeFirst.AspNetCore.Gateway.Errors;
using CodeFirst.AspNetCore.Gateway.Json;
using CodeFirst.Model;
using CodeFirst.AspNetCore.Gateway.Routing;
using ProtoBuf;
using ProtoBuf.Meta;

namespace CodeFirst.AspNetCore.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.0 document of the REST gateway with OpenAPI.NET's object model, from the same route table and
/// message descriptors the gateway serves with, so the document cannot drift from the routes: paths with their template
/// variables as path parameters, the remaining scalar fields of body-less routes as query parameters, request bodies,
/// JSON or NDJSON answers, the <c>google.rpc.Status</c> error answers, and a component schema per message and enum with
/// the proto3 JSON types (int64 as strings, enums by name, Timestamps as RFC 3339 strings). Field names follow
/// <see cref="ProtoJsonOptions.UseProtoFieldNames"/>; what the routes cannot tell (title, version, a word on access)
/// comes from an <see cref="OpenApiDocumentInfo"/>.
/// </summary>
internal sealed partial class OpenApiDocumentBuilder
{
    private const string ErrorSchemaName = "google.rpc.Status";

    private const string AnySchemaName = "google.protobuf.Any";

    private const string NdjsonMediaType = "application/x-ndjson";

    private const string JsonMediaType = "application/json";

    private const string StreamErrorLine = """{"error": {…}}""";

    private const string StatusExample = """{"code": 5, "message": "…", "details": []}""";

    private readonly GatewayRouteTable _routes;
    private readonly bool _protoNames;
    private readonly ContractDocumentation _docs;
    private readonly Dictionary<Type, string> _schemaNames = [];
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal) { ErrorSchemaName, AnySchemaName };
    private readonly List<MessageModel> _messages = [];
    private readonly List<Type> _enums = [];

    private OpenApiDocumentBuilder(GatewayRouteTable routes, ProtoJsonOptions json)
    {
        _routes = routes;
        _protoNames = json.UseProtoFieldNames;
        _docs = new ContractDocumentation(FieldNameOf);
        foreach (var route in routes.Routes)
        {
            Register(route.Request);
            Register(route.Response);
        }
    }

    /// <summary>The document as UTF-8 JSON, written by OpenAPI.NET's serializer as OpenAPI 3.0.</summary>
    public static byte[] Build(GatewayRouteTable routes, ProtoJsonOptions json, OpenApiDocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(info);
        using var buffer = new MemoryStream();
        new OpenApiDocumentBuilder(routes, json).CreateDocument(info).SerializeAsJson(buffer, OpenApiSpecVersion.OpenApi3_0);
        return buffer.ToArray();
    }

    private OpenApiDocument CreateDocument(OpenApiDocumentInfo info)
    {
        var errors = ErrorResponses();
        var paths = new OpenApiPaths();
        foreach (var path in _routes.Routes.GroupBy(PathOf))
        {
            paths[path.Key] = new OpenApiPathItem
            {
                Operations = path.ToDictionary(r => Enum.Parse<OperationType>(r.Rule.Method, ignoreCase: true), r => Operation(r, errors)),
            };
        }

        return new OpenApiDocument
        {
            Info = new OpenApiInfo { Title = info.Title, Version = info.Version ?? ContractsVersion(), Description = Description(info.Description) },
            Tags = Tags(),
            Paths = paths,
            Components = new OpenApiComponents { Schemas = Schemas() },
        };
    }

    /// <summary>The proto3 JSON conventions a client needs, with examples taken from the routes, then the caller's own text.</summary>
    private string Description(string? apiDescription)
    {
        var sample = _routes.Routes.SelectMany(r => r.Request.Fields).FirstOrDefault(f => f.ProtoName != f.JsonName);
        var naming = (_protoNames ? "the `.proto` names" : "lowerCamelCase") + (sample is null ? "" : $" (`{FieldName(sample)}`)");
        var query = QueryExample() is { } example ? $" (`{example}`)" : "";
        var conventions = $$"""
            The REST/JSON face of the gRPC services: every operation calls the gRPC method named by its `operationId` (in the service of its tag), with the same rules and the same errors.

            * Bodies and answers use the proto3 JSON mapping. Field names are {{naming}}; input accepts both spellings and ignores unknown fields. 64-bit integers are strings, enums are names (numbers are accepted on input), Timestamps are RFC 3339 strings (`2026-11-25T08:30:00Z`), and the floats NaN and ±Infinity are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
            * Request fields that the path and the body do not bind come from the query string{{query}}: nested fields as `parent.child`, repeated fields by repeating the parameter.
            * Server-streaming operations answer NDJSON (`{{NdjsonMediaType}}`): one message per line, flushed as the server sends it; a failure after the first line ends the stream with a line `{{StreamErrorLine}}` holding a `{{ErrorSchemaName}}`. Client-streaming operations read NDJSON, or a JSON array of messages sent as `{{JsonMediaType}}`.
            * Errors are `{{ErrorSchemaName}}` objects (`{{StatusExample}}`) with the HTTP status of their gRPC code.
            """;
        return apiDescription is null ? conventions : conventions + "\n\n" + apiDescription;
    }

    /// <summary>The first query parameter of the first GET route that has one, as a request (<c>GET /v1/items?page_size=3</c>).</summary>
    private string? QueryExample() => _routes.Routes
        .Where(r => r.Rule.Method == "GET")
        .Select(r => QueryParameters(r).FirstOrDefault() is { } parameter ? $"GET {PathOf(r)}?{parameter.Name}={ExampleValue(parameter.Field)}" : null)
        .FirstOrDefault(example => example is not null);

    private static string ExampleValue(FieldModel field) => field.Kind switch
    {
        // The second name of an enum: the first is its default, which a client rarely sends.
        FieldKind.Enum => EnumNamesOf(field.ValueType) is var names && names.Count > 0 ? names[Math.Min(1, names.Count - 1)] : "0",
        FieldKind.Bool => "true",
        FieldKind.String => "text",
        FieldKind.Bytes => "AQI=",
        FieldKind.Timestamp => "2026-11-25T08:30:00Z",
        FieldKind.Duration => "1.5s",
        _ => "3",
    };

    private List<OpenApiTag> Tags() => _routes.Routes
        .GroupBy(r => r.Operation.ServiceName)
        .Select(service => new OpenApiTag
        {
            Name = service.Key,
            Description = service.First().Operation.ContractMethod.DeclaringType is { } contract ? _docs.Summary(contract) : null,
        })
        .ToList();

    private OpenApiOperation Operation(GatewayRoute route, Dictionary<string, OpenApiResponse> errors)
    {
        var method = route.Operation.ContractMethod;
        var remarks = _docs.Remarks(method) is { } text ? text + "\n\n" : "";
        var responses = new OpenApiResponses { ["200"] = Success(route) };
        foreach (var (range, error) in errors)
        {
            responses[range] = error;
        }

        return new OpenApiOperation
        {
            Tags = [new OpenApiTag { Name = route.Operation.ServiceName }],
            OperationId = route.Operation.MethodName,
            Summary = _docs.Summary(method) is { } summary ? PlainText(summary) : route.Operation.MethodName,
            Description = $"{remarks}gRPC `{route.FullMethodName}`, {KindText(route.Operation.Kind)}.",
            Parameters = PathParameters(route).Concat(QueryParameters(route)).Select(ToOpenApi).ToList(),
            RequestBody = route.HasBody ? RequestBody(route) : null,
            Responses = responses,
        };
    }

    private static string KindText(MethodType kind) => kind switch
    {
        MethodType.ServerStreaming => "server streaming: the answer is NDJSON, one message per line",
        MethodType.ClientStreaming => "client streaming: the body is a stream of messages (NDJSON, or a JSON array), answered once at its end",
        _ => "unary",
    };

    private OpenApiRequestBody RequestBody(GatewayRoute route)
    {
        var request = route.Request;
        if (route.Operation.Kind == MethodType.ClientStreaming)
        {
            // application/json first: the array form is the one a documentation page's example editor can send as is.
            return new OpenApiRequestBody
            {
                Description = $"The stream of `{request.Name}` messages: a JSON array of them (`{JsonMediaType}`), or one JSON object per line (`{NdjsonMediaType}`).",
                Content =
                {
                    [JsonMediaType] = new() { Schema = new OpenApiSchema { Type = "array", Items = Reference(request.ClrType) } },
                    [NdjsonMediaType] = new() { Schema = Reference(request.ClrType) },
                },
            };
        }

        var field = route.BodyField;
        return new OpenApiRequestBody
        {
            Description = field is null
                ? $"The whole `{request.Name}`; an empty body leaves every field at its default."
                : $"The `{FieldName(field)}` field of `{request.Name}`" + (FieldSummary(field) is { } summary ? $": {summary}" : "."),
            Content = { [JsonMediaType] = new() { Schema = field is null ? Reference(request.ClrType) : ValueSchema(field) } },
        };
    }

    private OpenApiResponse Success(GatewayRoute route)
    {
        var field = route.ResponseBodyField;
        var answer = field is null ? $"`{route.Response.Name}`" : $"the `{FieldName(field)}` field of `{route.Response.Name}`";
        var streaming = route.Operation.Kind == MethodType.ServerStreaming;
        return new OpenApiResponse
        {
            Description = streaming
                ? $"A stream of {answer} messages as NDJSON: one JSON object per line, each line flushed as the server sends it. " +
                  $"The answer starts once the first message is ready, so errors found before it are ordinary error answers. A failure after that " +
                  $"ends the stream with one last line `{{\"error\": {{\"code\": …, \"message\": \"…\", \"details\": []}}}}` (a `{ErrorSchemaName}`)."
                : $"The answer: {answer}.",
            Content = { [streaming ? NdjsonMediaType : JsonMediaType] = new() { Schema = field is null ? Reference(route.Response.ClrType) : ValueSchema(field) } },
        };
    }

    /// <summary>The 4XX and 5XX answers, described from the gateway's gRPC-to-HTTP status table; every operation shares them.</summary>
    private static Dictionary<string, OpenApiResponse> ErrorResponses()
    {
        var byHttpStatus = Enum.GetValues<StatusCode>()
            .Where(code => code != StatusCode.OK)
            .GroupBy(HttpStatusMapping.ToHttpStatus)
            .OrderBy(g => g.Key)
            .ToList();
        var responses = new Dictionary<string, OpenApiResponse>(StringComparer.Ordinal);
        foreach (var (range, kind) in new[] { (4, "The request was refused"), (5, "The server could not answer") })
        {
            var rows = byHttpStatus.Where(g => g.Key / 100 == range)
                .Select(g => $"{g.Key.ToString(CultureInfo.InvariantCulture)} {string.Join(", ", g.Select(StatusName))}")
                .ToList();
            if (range == 4)
            {
                rows.Add("404 also for a path the gateway does not serve; 405 for a method the path does not serve");
            }

            responses[range.ToString(CultureInfo.InvariantCulture) + "XX"] = new OpenApiResponse
            {
                Description = $"{kind}: a `{ErrorSchemaName}` whose `code` is the gRPC status code and whose `message` names the problem " +
                    $"(and the field). HTTP status by gRPC code: {string.Join("; ", rows)}.",
                Content = { [JsonMediaType] = new() { Schema = Reference(ErrorSchemaName) } },
            };
        }

        return responses;
    }

    /// <summary><c>InvalidArgument</c> → <c>INVALID_ARGUMENT</c>, as gRPC spells its codes.</summary>
    private static string StatusName(StatusCode code) => WordBoundary().Replace(code.ToString(), "_").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    /// <summary>
    /// A summary without its Markdown code spans (<c>`size`</c> → <c>size</c>): OpenAPI's <c>summary</c> is plain text, and
    /// Swagger UI shows it as such, backticks and all; only descriptions are CommonMark.
    /// </summary>
    private static string PlainText(string markdown) => CodeSpan().Replace(markdown, "$1");

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();

    // Required: leaving it out is an error (a path variable, or a field the validator requires in required enclosing messages).
    private sealed record Parameter(string Name, ParameterLocation In, MessageModel Owner, FieldModel Field, bool Required);

    private IEnumerable<Parameter> PathParameters(GatewayRoute route) => route.Template.Variables.Select(variable =>
    {
        var (owner, field) = Resolve(route.Request, variable);
        return new Parameter(PathName(route.Request, variable), ParameterLocation.Path, owner, field, Required: true);
    });

    /// <summary>The scalar fields the gateway binds from the query string: none when the body is the whole message.</summary>
    private List<Parameter> QueryParameters(GatewayRoute route)
    {
        var parameters = new List<Parameter>();
        if (!route.BodyIsWholeMessage)
        {
            var bound = route.Template.Variables.Select(v => ProtoPath(route.Request, v)).ToHashSet(StringComparer.Ordinal);
            AddQuery(route.Request, "", "", route.BodyField, bound, [route.Request.ClrType], enclosingRequired: true, parameters);
        }

        return parameters;
    }

    private void AddQuery(
        MessageModel message, string prefix, string protoPrefix, FieldModel? skip, HashSet<string> bound, HashSet<Type> chain, bool enclosingRequired,
        List<Parameter> parameters)
    {
        foreach (var field in message.Fields)
        {
            var protoPath = protoPrefix + field.ProtoName;
            if (field == skip || bound.Contains(protoPath))
            {
                continue;
            }

            if (field.Kind != FieldKind.Message)
            {
                parameters.Add(new Parameter(prefix + FieldName(field), ParameterLocation.Query, message, field, enclosingRequired && field.IsRequired));
            }
            else if (!field.IsRepeated && chain.Add(field.ValueType))
            {
                // Only a single (not repeated) message can be walked into, and a recursive message only once.
                // A nested message left out is not validated, so its fields are required only when it is.
                AddQuery(field.Message!, prefix + FieldName(field) + ".", protoPath + ".", skip: null, bound, chain, enclosingRequired && field.IsRequired, parameters);
                chain.Remove(field.ValueType);
            }
        }
    }

    private OpenApiParameter ToOpenApi(Parameter parameter)
    {
        var result = new OpenApiParameter
        {
            Name = parameter.Name,
            In = parameter.In,
            Description = FieldSummary(parameter.Field),
            Required = parameter.Required,
            Schema = ValueSchema(parameter.Field),
        };
        if (parameter.Field.IsRepeated)
        {
            // The gateway reads a repeated field from the parameter repeated (?tag=a&tag=b): form style, exploded.
            result.Style = ParameterStyle.Form;
            result.Explode = true;
        }

        return result;
    }

    private Dictionary<string, OpenApiSchema> Schemas()
    {
        var schemas = _messages.ToDictionary(m => _schemaNames[m.ClrType], MessageSchema, StringComparer.Ordinal);
        foreach (var enumType in _enums)
        {
            schemas[_schemaNames[enumType]] = EnumSchema(enumType);
        }

        schemas[ErrorSchemaName] = StatusSchema();
        schemas[AnySchemaName] = AnySchema();
        return schemas;
    }

    private OpenApiSchema MessageSchema(MessageModel message) => new()
    {
        Type = "object",
        Description = _docs.Summary(message.ClrType),
        Properties = message.Fields.ToDictionary(FieldName, field => PropertySchema(field, FieldSummary(field)), StringComparer.Ordinal),
        // The validator's verdict on each field left out: a schema that calls a field optional must not be answered with a 400.
        Required = message.Fields.Where(f => f.IsRequired).Select(FieldName).ToHashSet(StringComparer.Ordinal),
    };

    private OpenApiSchema EnumSchema(Type enumType)
    {
        var description = new StringBuilder(_docs.Summary(enumType) is { } summary ? summary + "\n\n" : "");
        description.Append("Written by name; input also takes the number:");
        foreach (var value in Enum.GetValues(enumType))
        {
            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            var doc = enumType.GetField(Enum.GetName(enumType, value)!) is { } member ? _docs.Summary(member) : null;
            description.Append(CultureInfo.InvariantCulture, $"\n* `{ProtoScalars.FormatEnum(enumType, value)}` = {number}{(doc is null ? "" : ": " + doc)}");
        }

        return new OpenApiSchema
        {
            Type = "string",
            Enum = EnumNamesOf(enumType).Select(name => (IOpenApiAny)new OpenApiString(name)).ToList(),
            Default = new OpenApiString(ProtoScalars.FormatEnum(enumType, Enum.ToObject(enumType, 0))),
            Description = description.ToString(),
        };
    }

    /// <summary>The names an enum is written with, in value order (an alias adds no name).</summary>
    private static List<string> EnumNamesOf(Type enumType) =>
        Enum.GetValues(enumType).Cast<object>().Select(v => ProtoScalars.FormatEnum(enumType, v)).Distinct(StringComparer.Ordinal).ToList();

    private OpenApiSchema StatusSchema() => new()
    {
        Type = "object",
        Description = $"The error answer of every operation: a `{ErrorSchemaName}` in proto3 JSON. NDJSON streams that fail after their first line end with `{{\"error\": <this>}}`.",
        Required = { "code", "message" },
        Properties =
        {
            ["code"] = new()
            {
                Type = "integer",
                Format = "int32",
                Description = "The gRPC status code: " + string.Join(", ",
                    Enum.GetValues<StatusCode>().Select(c => $"{((int)c).ToString(CultureInfo.InvariantCulture)} {StatusName(c)}")) + ".",
            },
            ["message"] = new() { Type = "string", Description = "What went wrong, naming the field" + (ErrorExample() is { } example ? $" (`{example}`)." : ".") },
            ["details"] = new() { Type = "array", Description = "Further details; empty in this version.", Items = Reference(AnySchemaName) },
        },
    };

    /// <summary>A validation message for the first path-bound field of the routes, as the services word them (<c>invalid GetRequest.id: …</c>).</summary>
    private string? ErrorExample() => _routes.Routes
        .SelectMany(r => r.Template.Variables.Select(v => Resolve(r.Request, v)))
        .Select(step => $"invalid {step.Owner.Name}.{step.Field.ProtoName}: …")
        .FirstOrDefault();

    private static OpenApiSchema AnySchema() => new()
    {
        Type = "object",
        Description = $"A message of any type, named by its `@type` URL (proto3 JSON of `{AnySchemaName}`).",
        Properties = { ["@type"] = new() { Type = "string" } },
        // OpenAPI.NET writes allowed additional properties as a schema only: {} is how OpenAPI 3.0 says true.
        AdditionalProperties = new OpenApiSchema(),
    };

    /// <summary>The schema of a message property: nullable where proto3 JSON writes <c>null</c> (unset messages and Timestamps).</summary>
    private OpenApiSchema PropertySchema(FieldModel field, string? description)
    {
        var schema = field switch
        {
            { IsRepeated: true } => ValueSchema(field),
            // In OpenAPI 3.0 a $ref ignores its siblings: wrap it to carry the description (and nullable).
            { Kind: FieldKind.Message or FieldKind.Enum } => new OpenApiSchema { AllOf = [Reference(field.ValueType)] },
            _ => Scalar(field.Kind),
        };
        schema.Nullable = !field.IsRepeated && field.Kind is FieldKind.Message or FieldKind.Timestamp or FieldKind.Duration;
        schema.Description = description;
        return schema;
    }

    /// <summary>The schema of a field's value: an array of its items when repeated, else its item schema.</summary>
    private OpenApiSchema ValueSchema(FieldModel field) =>
        field.IsRepeated ? new OpenApiSchema { Type = "array", Items = ItemSchema(field) } : ItemSchema(field);

    private OpenApiSchema ItemSchema(FieldModel field) =>
        field.Kind is FieldKind.Message or FieldKind.Enum ? Reference(field.ValueType) : Scalar(field.Kind);

    /// <summary>The proto3 JSON form of a scalar kind.</summary>
    private static OpenApiSchema Scalar(FieldKind kind) => kind switch
    {
        FieldKind.Int32 => Typed("integer", "int32"),
        FieldKind.UInt32 => new OpenApiSchema { Type = "integer", Format = "int64", Minimum = 0, Maximum = uint.MaxValue },
        FieldKind.Int64 => Typed("string", "int64"),
        FieldKind.UInt64 => Typed("string", "uint64"),
        FieldKind.Float => Typed("number", "float"),
        FieldKind.Double => Typed("number", "double"),
        FieldKind.Bool => Typed("boolean"),
        FieldKind.Bytes => Typed("string", "byte"),
        FieldKind.Timestamp => Typed("string", "date-time"),
        FieldKind.Duration => new OpenApiSchema { Type = "string", Pattern = @"^-?[0-9]+(\.[0-9]{1,9})?s$", Example = new OpenApiString("1.5s") },
        _ => Typed("string"),
    };

    private static OpenApiSchema Typed(string type, string? format = null) => new() { Type = type, Format = format };

    private OpenApiSchema Reference(Type type) => Reference(_schemaNames[type]);

    private static OpenApiSchema Reference(string schemaName) =>
        new() { Reference = new OpenApiReference { Type = ReferenceType.Schema, Id = schemaName } };

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

    /// <summary>The OpenAPI path: the template with its variables named as the JSON spells them (<c>/v1/items/{item_id}</c>).</summary>
    private string PathOf(GatewayRoute route)
    {
        var path = new StringBuilder();
        foreach (var segment in route.Template.Segments)
        {
            path.Append('/').Append(segment.IsVariable ? "{" + PathName(route.Request, segment.FieldPath!) + "}" : segment.Literal);
        }

        return route.Template.Verb is { } verb ? path.Append(':').Append(verb).ToString() : path.ToString();
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

    private string? FieldSummary(FieldModel field) => _docs.Summary(field.Property);

    /// <summary>How a documentation comment's <c>&lt;see cref="Property"/&gt;</c> is written: the field's name in the document.</summary>
    private string FieldNameOf(PropertyInfo property)
    {
        var field = property.DeclaringType is { } type && RuntimeTypeModel.Default.CanSerializeContractType(type)
            ? MessageModel.For(type).Fields.FirstOrDefault(f => f.Property == property)
            : null;
        return field is null ? property.Name : FieldName(field);
    }

    /// <summary>The informational version (without its <c>+metadata</c>) of the assembly declaring the first service contract.</summary>
    private string ContractsVersion()
    {
        var assembly = _routes.Routes.FirstOrDefault()?.Operation.ContractMethod.DeclaringType?.Assembly;
        var version = assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly?.GetName().Version?.ToString(3)
            ?? "0.0.0";
        return version.Split('+')[0];
    }
}
