using CodeFirst.Model;
using CodeFirst.Schema;
using CodeFirst.Http;

namespace CodeFirst.AspNetCore.Gateway.Routing;

/// <summary>A contract operation with its HTTP binding, checked against the request and response messages.</summary>
internal sealed class GatewayRoute
{
    public GatewayRoute(OperationModel operation, HttpRouteAttribute rule)
    {
        Operation = operation;
        Rule = rule;
        Template = HttpPathTemplate.Parse(rule.PathTemplate);
        Request = MessageModel.For(operation.RequestType);
        Response = MessageModel.For(operation.ResponseType);
        if (rule.Method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
        {
            throw Invalid($"'{rule.Method}' is not an HTTP method the gateway serves");
        }

        foreach (var variable in Template.Variables)
        {
            var field = ResolvePath(Request, variable) ?? throw Invalid($"the path variable '{string.Join('.', variable)}' is not a field of {Request.Name}");
            if (field.ProtoName != variable[^1])
            {
                throw Invalid($"the path variable '{string.Join('.', variable)}' must use the proto field name '{field.ProtoName}'");
            }

            if (field.IsRepeated || field.Kind == FieldKind.Message)
            {
                throw Invalid($"the path variable '{string.Join('.', variable)}' must be a single scalar field");
            }
        }

        if (rule.Body is not null and not "*")
        {
            BodyField = Request.Find(rule.Body) ?? throw Invalid($"the body '{rule.Body}' is not a field of {Request.Name}");
        }

        if (rule.ResponseBody is not null)
        {
            ResponseBodyField = Response.Find(rule.ResponseBody) ?? throw Invalid($"the response_body '{rule.ResponseBody}' is not a field of {Response.Name}");
        }

        if (operation.Kind is global::Grpc.Core.MethodType.ClientStreaming or global::Grpc.Core.MethodType.DuplexStreaming && rule.Body != "*")
        {
            throw Invalid("a client-streaming method reads whole messages from the body: its body must be \"*\"");
        }
    }

    public OperationModel Operation { get; }

    public HttpRouteAttribute Rule { get; }

    public HttpPathTemplate Template { get; }

    public MessageModel Request { get; }

    public MessageModel Response { get; }

    /// <summary>The field the body fills when <see cref="HttpRouteAttribute.Body"/> names one.</summary>
    public FieldModel? BodyField { get; }

    public FieldModel? ResponseBodyField { get; }

    public bool BodyIsWholeMessage => Rule.Body == "*";

    public bool HasBody => Rule.Body is not null;

    /// <summary>A name for logs and documents: <c>library.v1.Shelf/GetBook</c>.</summary>
    public string FullMethodName => $"{Operation.ServiceName}/{Operation.MethodName}";

    /// <summary>The field a dotted path names (<c>order_main.user_id</c>), or <see langword="null"/>; only the last step may be repeated.</summary>
    public static FieldModel? ResolvePath(MessageModel message, IReadOnlyList<string> path)
    {
        var current = message;
        for (var i = 0; ; i++)
        {
            var field = current.Find(path[i]);
            if (field is null || i == path.Count - 1)
            {
                return field;
            }

            if (field.IsRepeated || field.Message is not { } next)
            {
                return null;
            }

            current = next;
        }
    }

    private FormatException Invalid(string problem) =>
        new($"The HTTP route of {Operation.ServiceName}/{Operation.MethodName} ({Rule.Method} {Rule.PathTemplate}) is not valid: {problem}.");
}
