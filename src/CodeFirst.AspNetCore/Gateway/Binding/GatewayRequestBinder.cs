using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using CodeFirst.AspNetCore.Gateway.Json;
using CodeFirst.Model;
using CodeFirst.AspNetCore.Gateway.Routing;

namespace CodeFirst.AspNetCore.Gateway.Binding;

/// <summary>
/// Builds the request message of a route from an HTTP request, by <c>google.api.http</c> precedence: the body first,
/// then the path variables (which override the body), then the query string for every field the body and the path do
/// not bind (no query binding when the body is <c>"*"</c>). Problems are <c>INVALID_ARGUMENT</c> naming the field.
/// </summary>
internal static class GatewayRequestBinder
{
    /// <summary>Binds the request message; a body longer than <paramref name="limit"/> bytes is 413 <c>RESOURCE_EXHAUSTED</c> naming <paramref name="routeName"/>.</summary>
    public static async ValueTask<object> BindAsync(GatewayRoute route, HttpRequest request, long limit, string routeName, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        var message = route.Request.CreateInstance();
        if (route.HasBody)
        {
            await ReadBodyAsync(route, request, message, limit, routeName, idleTimeout, cancellationToken).ConfigureAwait(false);
        }

        BindPath(route, request.RouteValues, message);
        if (!route.BodyIsWholeMessage)
        {
            BindQuery(route, request.Query, message);
        }

        return message;
    }

    /// <summary>Binds the path variables of <paramref name="route"/> into <paramref name="message"/> (used by client-streaming calls too).</summary>
    public static void BindPath(GatewayRoute route, RouteValueDictionary values, object message)
    {
        var index = 0;
        foreach (var variable in route.Template.Variables)
        {
            var text = Convert.ToString(values[HttpPathTemplate.RouteValueName(index++)], System.Globalization.CultureInfo.InvariantCulture) ?? "";
            // Routing has decoded the segment already, except %2F (which would have split it).
            SetPath(route.Request, message, variable, text.Contains('%', StringComparison.Ordinal) ? text.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : text, append: false);
        }
    }

    /// <summary>Reads one JSON message of the route's request type from <paramref name="json"/> (an NDJSON line, where it lies in the request's pipe).</summary>
    public static object ReadMessage(GatewayRoute route, in ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read())
            {
                throw ProtoScalars.Invalid(route.Request.Name, "the request body is empty");
            }

            var message = ProtoJsonReader.ReadMessage(ref reader, route.Request, route.Request.Name);
            EnsureEnd(ref reader, route.Request.Name);
            return message;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw ProtoScalars.Invalid(route.Request.Name, $"the request body is not valid JSON ({ex.Message})");
        }
    }

    /// <summary>Reads a JSON array of messages of the route's request type (a client stream sent as one JSON document).</summary>
    public static IReadOnlyList<object> ReadMessageArray(GatewayRoute route, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        var messages = new List<object>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw ProtoScalars.Invalid(route.Request.Name, "a client stream sent as application/json must be a JSON array of messages (or send application/x-ndjson)");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                messages.Add(ProtoJsonReader.ReadMessage(ref reader, route.Request, $"{route.Request.Name}[{messages.Count}]"));
            }

            EnsureEnd(ref reader, route.Request.Name);
            return messages;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw ProtoScalars.Invalid(route.Request.Name, $"the request body is not valid JSON ({ex.Message})");
        }
    }

    private static async Task ReadBodyAsync(GatewayRoute route, HttpRequest request, object message, long limit, string routeName, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using var body = await PooledRequestBody.ReadAsync(request, limit, routeName, idleTimeout, cancellationToken).ConfigureAwait(false);
        ReadBody(route, body.Span, message);
    }

    /// <summary>Parses the body in place: the whole message, or (<c>body: "field"</c>) the value of that one field.</summary>
    private static void ReadBody(GatewayRoute route, ReadOnlySpan<byte> body, object message)
    {
        var name = route.BodyField is null ? route.Request.Name : $"{route.Request.Name}.{route.BodyField.ProtoName}";
        if (body.Length == 0)
        {
            return; // an empty body leaves every field at its default, as grpc-gateway does
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read();
            if (route.BodyField is null)
            {
                ProtoJsonReader.ReadFieldsInto(ref EnsureObject(ref reader, route.Request.Name), message, route.Request, route.Request.Name);
            }
            else
            {
                ProtoJsonReader.ReadField(ref reader, message, route.BodyField, route.BodyField.QualifiedName);
            }

            EnsureEnd(ref reader, name);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw ProtoScalars.Invalid(name, $"the request body is not valid JSON ({ex.Message})");
        }
    }

    private static ref Utf8JsonReader EnsureObject(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ProtoScalars.Invalid(name, "the request body must be a JSON object");
        }

        return ref reader;
    }

    private static void EnsureEnd(ref Utf8JsonReader reader, string name)
    {
        if (reader.Read())
        {
            throw ProtoScalars.Invalid(name, "the request body has content after its JSON value");
        }
    }

    private static void BindQuery(GatewayRoute route, IQueryCollection query, object message)
    {
        var bound = route.Template.BoundFields;
        foreach (var (key, values) in query)
        {
            var path = key.Split('.');
            if (route.BodyField is not null && (route.Request.Find(path[0]) == route.BodyField))
            {
                continue; // the body binds that field
            }

            var field = GatewayRoute.ResolvePath(route.Request, path);
            if (field is null || bound.Contains(ProtoNamePath(route.Request, path)))
            {
                continue; // unknown parameters are ignored; path variables win over the query
            }

            if (field.Kind == FieldKind.Message)
            {
                throw ProtoScalars.Invalid($"{route.Request.Name}.{key}", "a message field cannot be set from the query string; set its fields (parent.child=value)");
            }

            if (!field.IsRepeated && values.Count > 1)
            {
                throw ProtoScalars.Invalid($"{route.Request.Name}.{key}", "the field takes one value but the query string gives several");
            }

            foreach (var value in values)
            {
                SetPath(route.Request, message, path, value ?? "", append: field.IsRepeated);
            }
        }
    }

    /// <summary>A resolvable field path spelled with proto names (a query key may use JSON names).</summary>
    private static string ProtoNamePath(MessageModel descriptor, IReadOnlyList<string> path)
    {
        var names = new string[path.Count];
        var current = descriptor;
        for (var i = 0; i < path.Count; i++)
        {
            var field = current.Find(path[i])!;
            names[i] = field.ProtoName;
            current = field.Message!;
        }

        return string.Join('.', names);
    }

    private static void SetPath(MessageModel descriptor, object message, IReadOnlyList<string> path, string text, bool append)
    {
        var target = message;
        var current = descriptor;
        var location = descriptor.Name;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var parent = current.Find(path[i])!;
            location += "." + parent.ProtoName;
            var child = parent.GetValue(target);
            if (child is null)
            {
                child = parent.Message!.CreateInstance();
                parent.SetValue(target, child);
            }

            target = child;
            current = parent.Message!;
        }

        var field = current.Find(path[^1])!;
        location = path.Count == 1 ? field.QualifiedName : location + "." + field.ProtoName;
        var value = ProtoScalars.Parse(field, text, location);
        if (append)
        {
            field.GetOrCreateList(target).Add(value);
        }
        else
        {
            field.SetValue(target, value);
        }
    }
}
