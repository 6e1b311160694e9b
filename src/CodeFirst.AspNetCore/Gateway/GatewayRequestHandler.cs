using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using CodeFirst.Validation;
using CodeFirst.AspNetCore.Errors;
using CodeFirst.AspNetCore.Gateway.Binding;
using CodeFirst.AspNetCore.Gateway.Errors;
using CodeFirst.AspNetCore.Gateway.Invocation;
using CodeFirst.AspNetCore.Gateway.Limits;
using CodeFirst.AspNetCore.Gateway.Routing;
using CodeFirst.AspNetCore.Gateway.Security;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Gateway;

/// <summary>
/// Serves one HTTP request of a gateway route: binds the request message, calls the contract's implementation
/// (resolved from the request's services: the service in process, a ClientSdk proxy in remote mode), and writes the
/// answer. Unary answers are JSON; server streams are NDJSON, one message per line, flushed as it comes, with a final
/// <c>{"error":{…}}</c> line when the stream fails after it started; client streams read NDJSON (or a JSON array).
/// Before anything is read, a request from another site is refused (<see cref="CrossSiteRequestGuard"/>), and a body
/// that is not JSON (<see cref="RequestContentType"/>) or too large (<see cref="GatewayRequestSizeLimit"/>). A stream
/// whose client keeps it waiting longer than <see cref="RestGatewayOptions.StreamIdleTimeout"/> ends (<see cref="StreamIdleTimer"/>).
/// Every request message is validated against the contracts' rules, as gRPC calls are. When the request's activity is
/// recorded, it gets the tags Grpc.AspNetCore gives a gRPC call's activity, <c>grpc.method</c> and
/// <c>grpc.status_code</c> (as ASP.NET Core's JSON transcoding does), so tracing sees which method a REST call ran and
/// how it ended.
/// </summary>
internal sealed class GatewayRequestHandler(GatewayRoute route, GatewayResponder responder, CallFailureTranslator failures, GatewayRequestSizeLimit sizeLimit)
{
    /// <summary>The activity tag Grpc.AspNetCore puts the called method on (<c>/package.Service/Method</c>).</summary>
    private const string GrpcMethodTag = "grpc.method";

    /// <summary>The activity tag Grpc.AspNetCore puts the call's status code on, as a number in a string.</summary>
    private const string GrpcStatusCodeTag = "grpc.status_code";

    private readonly OperationInvoker _invoker = OperationInvoker.Create(route.Operation);
    private readonly Type _contract = route.Operation.ContractMethod.DeclaringType!;
    private readonly string _grpcMethod = "/" + route.FullMethodName;
    private readonly string _routeName = $"{route.Rule.Method} {route.Rule.PathTemplate}";
    private CrossSiteRequestGuard? _crossSite;

    /// <summary>Built at the first request: the options are validated when the application starts, after the routes are mapped.</summary>
    private CrossSiteRequestGuard CrossSite => _crossSite ??= CrossSiteRequestGuard.Create(responder.Options);

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
            CrossSite.ThrowIfCrossSite(http.Request, _routeName);
            var isClientStream = route.Operation.Kind == MethodType.ClientStreaming;
            var isNdjson = route.HasBody && RequestContentType.IsNdjson(http.Request, acceptsNdjson: isClientStream, _routeName);
            var service = http.RequestServices.GetRequiredService(_contract);
            switch (route.Operation.Kind)
            {
                case MethodType.Unary:
                    var request = await GatewayRequestBinder.BindAsync(route, http.Request, sizeLimit.Limit, _routeName, responder.Options.StreamIdleTimeout, aborted).ConfigureAwait(false);
                    MessageValidator.ThrowIfInvalid(request);
                    var response = await _invoker.UnaryAsync(service, request, context).ConfigureAwait(false);
                    await responder.WriteMessageAsync(http, Select(response)).ConfigureAwait(false);
                    break;
                case MethodType.ServerStreaming:
                    var streamRequest = await GatewayRequestBinder.BindAsync(route, http.Request, sizeLimit.Limit, _routeName, responder.Options.StreamIdleTimeout, aborted).ConfigureAwait(false);
                    MessageValidator.ThrowIfInvalid(streamRequest);
                    status = await StreamAsync(http, _invoker.ServerStreaming(service, streamRequest, context)).ConfigureAwait(false);
                    break;
                case MethodType.ClientStreaming:
                    var answer = await _invoker.ClientStreamingAsync(service, ReadRequestsAsync(http, isNdjson, aborted), context).ConfigureAwait(false);
                    await responder.WriteMessageAsync(http, Select(answer)).ConfigureAwait(false);
                    break;
            }
        }
        catch (GatewayRequestRefusedException ex) when (!http.Response.HasStarted)
        {
            // Refused before the service was called (too large, not JSON, cross-site): the HTTP status says why.
            http.Features.Set<IRestCallFailureFeature>(new RestCallFailure(ex.Error));
            status = ex.Error.StatusCode;
            await responder.WriteErrorAsync(http, ex.Error, ex.HttpStatus).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            // Kestrel refused the request body (too large, too slow): the client's fault, answered with Kestrel's status.
            var error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? GatewayRequestRefusedException.TooLarge("the request body", http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? sizeLimit.Limit, _routeName).Error
                : new RpcException(new Status(StatusCode.InvalidArgument, $"the request body was refused: {ex.Message}"));
            http.Features.Set<IRestCallFailureFeature>(new RestCallFailure(error));
            status = error.StatusCode;
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

    /// <summary>Writes the answers as NDJSON; returns <c>DEADLINE_EXCEEDED</c> when the client read nothing for the idle timeout.</summary>
    private async Task<StatusCode> StreamAsync(HttpContext http, IAsyncEnumerable<object> responses)
    {
        await using var enumerator = responses.GetAsyncEnumerator(http.RequestAborted);
        // The first message decides between an ordinary error answer and a stream.
        var hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = GatewayResponder.NdjsonContentType;
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.StartAsync(http.RequestAborted).ConfigureAwait(false);
        using var idle = new StreamIdleTimer(responder.Options.StreamIdleTimeout);
        for (var more = hasFirst; more; more = await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            var message = Select(enumerator.Current);
            try
            {
                await responder.WriteLineAsync(http, writer => responder.WriteMessage(writer, message), idle.Begin()).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idle.Expired)
            {
                // An error line would wait as this one did: the stream is reset, and the call logged as ended by the timeout.
                http.Features.Set<IRestCallFailureFeature>(new RestCallFailure(new RpcException(new Status(StatusCode.DeadlineExceeded,
                    $"the client read nothing for {idle.Timeout.TotalSeconds:0.###} s; stream reset"))));
                http.Abort();
                return StatusCode.DeadlineExceeded;
            }

            idle.End();
        }

        return StatusCode.OK;
    }

    private async IAsyncEnumerable<object> ReadRequestsAsync(HttpContext http, bool isNdjson, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (isNdjson)
        {
            await foreach (var message in NdjsonRequestReader.ReadAsync(route, http.Request, sizeLimit.Limit, responder.Options.StreamIdleTimeout, _routeName, cancellationToken).ConfigureAwait(false))
            {
                MessageValidator.ThrowIfInvalid(message);
                yield return message;
            }

            yield break;
        }

        // A JSON array is one document: read whole, within the route's limit, as any other body.
        IReadOnlyList<object> items;
        using (var body = await PooledRequestBody.ReadAsync(http.Request, sizeLimit.Limit, _routeName, responder.Options.StreamIdleTimeout, cancellationToken).ConfigureAwait(false))
        {
            items = GatewayRequestBinder.ReadMessageArray(route, body.Span);
        }

        foreach (var item in items)
        {
            MessageValidator.ThrowIfInvalid(item);
            yield return item;
        }
    }
}

/// <summary>The <see cref="IRestCallFailureFeature"/> of a failed gateway call.</summary>
internal sealed record RestCallFailure(RpcException Error) : IRestCallFailureFeature;
