using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Grpc.Core;
using CodeFirst.Validation;
using CodeFirst.AspNetCore.Errors;
using CodeFirst.AspNetCore.Gateway.Binding;
using CodeFirst.AspNetCore.Gateway.Invocation;
using CodeFirst.AspNetCore.Gateway.Routing;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Gateway;

/// <summary>
/// Serves one HTTP request of a gateway route: binds the request message, calls the contract's implementation
/// (resolved from the request's services: the service in process, a ClientSdk proxy in remote mode), and writes the
/// answer. Unary answers are JSON; server streams are NDJSON, one message per line, flushed as it comes, with a final
/// <c>{"error":{…}}</c> line when the stream fails after it started; client streams read NDJSON (or a JSON array).
/// Every request message is validated against the contracts' rules, as gRPC calls are. When the request's activity is
/// recorded, it gets the tags Grpc.AspNetCore gives a gRPC call's activity, <c>grpc.method</c> and
/// <c>grpc.status_code</c> (as ASP.NET Core's JSON transcoding does), so tracing sees which method a REST call ran and
/// how it ended.
/// </summary>
internal sealed class GatewayRequestHandler(GatewayRoute route, GatewayResponder responder, CallFailureTranslator failures)
{
    /// <summary>The activity tag Grpc.AspNetCore puts the called method on (<c>/package.Service/Method</c>).</summary>
    private const string GrpcMethodTag = "grpc.method";

    /// <summary>The activity tag Grpc.AspNetCore puts the call's status code on, as a number in a string.</summary>
    private const string GrpcStatusCodeTag = "grpc.status_code";

    private readonly OperationInvoker _invoker = OperationInvoker.Create(route.Operation);
    private readonly Type _contract = route.Operation.ContractMethod.DeclaringType!;
    private readonly string _grpcMethod = "/" + route.FullMethodName;

    public async Task HandleAsync(HttpContext http)
    {
        var aborted = http.RequestAborted;
        // The request rides along as the state, so a service reads the caller (certificate, headers) as it does over gRPC:
        // CallContextHttpExtensions.GetHttpContext.
        var context = new CallContext(new CallOptions(cancellationToken: aborted), CallContextFlags.None, http);
        var activity = Activity.Current is { IsAllDataRequested: true } current ? current : null;
        activity?.SetTag(GrpcMethodTag, _grpcMethod);
        var status = StatusCode.OK;
        try
        {
            var service = http.RequestServices.GetRequiredService(_contract);
            switch (route.Operation.Kind)
            {
                case MethodType.Unary:
                    var request = await GatewayRequestBinder.BindAsync(route, http.Request, aborted).ConfigureAwait(false);
                    MessageValidator.ThrowIfInvalid(request);
                    var response = await _invoker.UnaryAsync(service, request, context).ConfigureAwait(false);
                    await responder.WriteMessageAsync(http, Select(response)).ConfigureAwait(false);
                    break;
                case MethodType.ServerStreaming:
                    var streamRequest = await GatewayRequestBinder.BindAsync(route, http.Request, aborted).ConfigureAwait(false);
                    MessageValidator.ThrowIfInvalid(streamRequest);
                    await StreamAsync(http, _invoker.ServerStreaming(service, streamRequest, context)).ConfigureAwait(false);
                    break;
                case MethodType.ClientStreaming:
                    var answer = await _invoker.ClientStreamingAsync(service, ReadRequestsAsync(http, aborted), context).ConfigureAwait(false);
                    await responder.WriteMessageAsync(http, Select(answer)).ConfigureAwait(false);
                    break;
            }
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            // Kestrel refused the request body (too large, too slow): the client's fault, answered with Kestrel's status.
            var code = ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCode.ResourceExhausted : StatusCode.InvalidArgument;
            var error = new RpcException(new Status(code, $"the request body was refused: {ex.Message}"));
            http.Features.Set<IRestCallFailureFeature>(new RestCallFailure(error));
            status = code;
            await responder.WriteErrorAsync(http, error, ex.StatusCode).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && aborted.IsCancellationRequested && http.Response.HasStarted))
        {
            var error = failures.Translate(ex, route.FullMethodName, aborted.IsCancellationRequested, deadlineExceeded: false);
            http.Features.Set<IRestCallFailureFeature>(new RestCallFailure(error));
            status = error.StatusCode;
            if (!http.Response.HasStarted)
            {
                await responder.WriteErrorAsync(http, error).ConfigureAwait(false);
            }
            else if (route.Operation.Kind == MethodType.ServerStreaming && !aborted.IsCancellationRequested)
            {
                await responder.WriteLineAsync(http, writer => responder.WriteErrorLine(writer, error)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            status = StatusCode.Cancelled;
            throw;
        }
        finally
        {
            activity?.SetTag(GrpcStatusCodeTag, ((int)status).ToString(CultureInfo.InvariantCulture));
        }
    }

    private object Select(object response) =>
        route.ResponseBodyField is { } field ? field.GetValue(response) ?? field.Message?.CreateInstance() ?? "" : response;

    private async Task StreamAsync(HttpContext http, IAsyncEnumerable<object> responses)
    {
        await using var enumerator = responses.GetAsyncEnumerator(http.RequestAborted);
        // The first message decides between an ordinary error answer and a stream.
        var hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = GatewayResponder.NdjsonContentType;
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.StartAsync(http.RequestAborted).ConfigureAwait(false);
        for (var more = hasFirst; more; more = await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            var message = Select(enumerator.Current);
            await responder.WriteLineAsync(http, writer => responder.WriteMessage(writer, message)).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<object> ReadRequestsAsync(HttpContext http, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var isArray = http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        if (isArray)
        {
            var json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            foreach (var item in GatewayRequestBinder.ReadMessageArray(route, Encoding.UTF8.GetBytes(json)))
            {
                MessageValidator.ThrowIfInvalid(item);
                yield return item;
            }

            yield break;
        }

        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var message = GatewayRequestBinder.ReadMessage(route, Encoding.UTF8.GetBytes(line));
            GatewayRequestBinder.BindPath(route, http.Request.RouteValues, message);
            MessageValidator.ThrowIfInvalid(message);
            yield return message;
        }
    }
}

/// <summary>The <see cref="IRestCallFailureFeature"/> of a failed gateway call.</summary>
internal sealed record RestCallFailure(RpcException Error) : IRestCallFailureFeature;
