using System.Text.Encodings.Web;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Options;
using CodeFirst.AspNetCore.Gateway.Errors;
using CodeFirst.AspNetCore.Gateway.Json;

namespace CodeFirst.AspNetCore.Gateway;

/// <summary>Writes the gateway's responses: messages as proto3 JSON, NDJSON lines, and errors as <c>google.rpc.Status</c> JSON.</summary>
internal sealed class GatewayResponder(IOptions<RestGatewayOptions> options)
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string NdjsonContentType = "application/x-ndjson; charset=utf-8";

    // Only what JSON itself requires is escaped: the answers are application/json, never embedded in HTML, so an
    // apostrophe in a message stays an apostrophe instead of \u0027.
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private ProtoJsonOptions? _jsonOptions;

    /// <summary>The JSON settings, read on first use: an application validates its options when it starts, after the routes are mapped.</summary>
    public ProtoJsonOptions JsonOptions => _jsonOptions ??= new(options.Value.UseProtoFieldNames, options.Value.EmitDefaultValues);

    public RestGatewayOptions Options => options.Value;

    public async Task WriteMessageAsync(HttpContext context, object message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonContentType;
        var writer = Rent(context.Response.BodyWriter);
        try
        {
            ProtoJsonWriter.WriteMessage(writer, message, JsonOptions);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes one NDJSON line (a message, or <c>{"error":{…}}</c>) and flushes it to the client.</summary>
    public Task WriteLineAsync(HttpContext context, Action<Utf8JsonWriter> write) => WriteLineAsync(context, write, context.RequestAborted);

    /// <summary>Writes one NDJSON line; the flush, which waits while the client reads nothing, ends when <paramref name="cancellationToken"/> fires.</summary>
    public async Task WriteLineAsync(HttpContext context, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        Write(context, write);
        context.Response.BodyWriter.GetSpan(1)[0] = (byte)'\n';
        context.Response.BodyWriter.Advance(1);
        await context.Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void WriteMessage(Utf8JsonWriter writer, object message) => ProtoJsonWriter.WriteMessage(writer, message, JsonOptions);

    public void WriteErrorLine(Utf8JsonWriter writer, RpcException error)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("error");
        RpcStatusJson.Write(writer, error, JsonOptions.UseProtoFieldNames);
        writer.WriteEndObject();
    }

    public async Task WriteErrorAsync(HttpContext context, RpcException error, int? httpStatus = null)
    {
        context.Response.StatusCode = httpStatus ?? HttpStatusMapping.ToHttpStatus(error.StatusCode);
        context.Response.ContentType = JsonContentType;
        Write(context, writer => RpcStatusJson.Write(writer, error, JsonOptions.UseProtoFieldNames));
        await context.Response.BodyWriter.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public Task WriteNotFoundAsync(HttpContext context) => WriteErrorAsync(context,
        new RpcException(new Status(StatusCode.NotFound, $"no REST route for {context.Request.Method} {context.Request.Path}")));

    public Task WriteMethodNotAllowedAsync(HttpContext context, IReadOnlyCollection<string> allowed)
    {
        context.Response.Headers.Allow = string.Join(", ", allowed);
        var error = new RpcException(new Status(StatusCode.Unimplemented, $"{context.Request.Method} is not allowed on {context.Request.Path}; use {string.Join(" or ", allowed)}"));
        return WriteErrorAsync(context, error, StatusCodes.Status405MethodNotAllowed);
    }

    private static void Write(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var writer = Rent(context.Response.BodyWriter);
        try
        {
            write(writer);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>
    /// This thread's JSON writer, pointed at <paramref name="output"/>: writing a response is synchronous, so one writer
    /// per thread serves every response without allocating one each time.
    /// </summary>
    private static Utf8JsonWriter Rent(System.Buffers.IBufferWriter<byte> output)
    {
        var writer = t_writer;
        t_writer = null; // a nested write on this thread gets its own writer
        if (writer is null)
        {
            return new Utf8JsonWriter(output, WriterOptions);
        }

        writer.Reset(output);
        return writer;
    }

    // Kept as it is: the next Rent's Reset(output) clears whatever a failed write left behind.
    private static void Return(Utf8JsonWriter writer) => t_writer = writer;
}
