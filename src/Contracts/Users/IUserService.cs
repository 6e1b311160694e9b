using System.ServiceModel;
using ProtoBuf.Grpc;
using CodeFirst.Http;

namespace ProdStock.Contracts;

/// <summary>User scores, in all four gRPC call kinds (<c>services.UserService</c>).</summary>
[ServiceContract(Name = ProtoNames.UserService)]
public interface IUserService
{
    /// <summary>Unary: answers the scores of all users of the request at once.</summary>
    /// <param name="request">The users.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>The users with their scores, in request order.</returns>
    [HttpRoute("POST", "/v1/users/scores", Body = "*")]
    [OperationContract(Name = "GetUserScore")]
    ValueTask<UserScoreResponse> GetUserScoreAsync(UserScoreRequest request, CallContext context = default);

    /// <summary>Server streaming: answers the scores in batches (2 users per message unless the server is configured otherwise).</summary>
    /// <param name="request">The users.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>The batches, in request order.</returns>
    [HttpRoute("POST", "/v1/users/scores:stream", Body = "*")]
    [OperationContract(Name = "GetUserScoreByServerStream")]
    IAsyncEnumerable<UserScoreResponse> GetUserScoreByServerStreamAsync(UserScoreRequest request, CallContext context = default);

    /// <summary>Client streaming: reads every request message, then answers once with all their users' scores.</summary>
    /// <param name="requests">The request messages; complete the sequence to get the answer.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>All users of all messages with their scores, in the order received.</returns>
    [HttpRoute("POST", "/v1/users/scores:collect", Body = "*")]
    [OperationContract(Name = "GetUserScoreByClientStream")]
    ValueTask<UserScoreResponse> GetUserScoreByClientStreamAsync(IAsyncEnumerable<UserScoreRequest> requests, CallContext context = default);

    /// <summary>Duplex streaming: answers each request message, as it arrives, with that message's users' scores.</summary>
    /// <param name="requests">The request messages.</param>
    /// <param name="context">The call context (deadline, cancellation, headers).</param>
    /// <returns>One answer per request message, in order.</returns>
    [OperationContract(Name = "GetUserScoreByDoubleEndStream")]
    IAsyncEnumerable<UserScoreResponse> GetUserScoreByDoubleEndStreamAsync(IAsyncEnumerable<UserScoreRequest> requests, CallContext context = default);
}
