using System.Reflection;
using Grpc.Core;
using ProtoBuf.Grpc;

namespace CodeFirst.AspNetCore.Grpc;

/// <summary>
/// Checks that a contract method has a shape the REST gateway can call: the request (or a request stream
/// as <c>IAsyncEnumerable&lt;T&gt;</c>) and a <see cref="CallContext"/>, returning <c>ValueTask&lt;T&gt;</c> or
/// <c>Task&lt;T&gt;</c> for one answer and <c>IAsyncEnumerable&lt;T&gt;</c> for a stream of answers.
/// </summary>
internal readonly record struct ContractMethodShape(bool ReturnsTask, string? Problem)
{
    private const string Expected =
        "served methods take (TRequest or IAsyncEnumerable<TRequest>, CallContext) and return ValueTask<TResponse>, Task<TResponse> or IAsyncEnumerable<TResponse>.";

    public static ContractMethodShape Of(MethodInfo method, MethodType kind, Type request, Type response)
    {
        var parameters = method.GetParameters();
        var streamsRequests = kind is MethodType.ClientStreaming or MethodType.DuplexStreaming;
        var streamsResponses = kind is MethodType.ServerStreaming or MethodType.DuplexStreaming;
        var expectedArgument = streamsRequests ? typeof(IAsyncEnumerable<>).MakeGenericType(request) : request;
        if (parameters.Length != 2 || parameters[0].ParameterType != expectedArgument || parameters[1].ParameterType != typeof(CallContext))
        {
            return Fail($"its parameters are ({string.Join(", ", parameters.Select(p => p.ParameterType.Name))}); {Expected}");
        }

        var result = method.ReturnType;
        if (streamsResponses)
        {
            return result == typeof(IAsyncEnumerable<>).MakeGenericType(response)
                ? new ContractMethodShape(ReturnsTask: false, Problem: null)
                : Fail($"it returns {result.Name}; {Expected}");
        }

        if (result == typeof(ValueTask<>).MakeGenericType(response))
        {
            return new ContractMethodShape(ReturnsTask: false, Problem: null);
        }

        return result == typeof(Task<>).MakeGenericType(response)
            ? new ContractMethodShape(ReturnsTask: true, Problem: null)
            : Fail($"it returns {result.Name}; {Expected}");
    }

    private static ContractMethodShape Fail(string problem) => new(ReturnsTask: false, Problem: problem);
}
