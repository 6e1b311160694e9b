using Grpc.Core;
using Microsoft.Extensions.Options;
using ProdStock.Services.Errors;
using ProdStock.Services.ReadModel;
using ProdStock.Services.Storage;
using UserScoreOptions = ProdStock.Services.Users.UserScoreOptions;
using ProdStock.Grpc.Services;

namespace ProdStock.Bench.ContractFirst;

/// <summary>
/// <c>services.UserService</c> on Grpc.AspNetCore, over the host's <see cref="UserScoreReadModel"/> and
/// <see cref="UserScoreOptions"/>: the logic of <c>ProdStock.Services.Users.UserService</c> (batches of
/// <c>StreamBatchSize</c>, the client-stream bound, unknown users score 0) on the generated types.
/// </summary>
internal sealed class ContractFirstUserService(UserScoreReadModel store, IOptions<UserScoreOptions> options) : UserService.UserServiceBase
{
    private readonly UserScoreOptions _options = options.Value;

    public override Task<UserScoreResponse> GetUserScore(UserScoreRequest request, ServerCallContext context)
    {
        RequestChecks.Check(request);
        return ScoreAsync(request.Users, context.CancellationToken);
    }

    public override async Task GetUserScoreByServerStream(UserScoreRequest request, IServerStreamWriter<UserScoreResponse> responseStream, ServerCallContext context)
    {
        RequestChecks.Check(request);
        var cancellationToken = context.CancellationToken;
        foreach (var batch in request.Users.Chunk(_options.StreamBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await responseStream.WriteAsync(await ScoreAsync(batch, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task<UserScoreResponse> GetUserScoreByClientStream(IAsyncStreamReader<UserScoreRequest> requestStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var users = new List<UserInfo>();
        while (await requestStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var request = requestStream.Current;
            RequestChecks.Check(request);
            if (users.Count + request.Users.Count > _options.MaxUsersPerClientStream)
            {
                throw ServiceErrors.TooManyItems("users in one client stream", _options.MaxUsersPerClientStream);
            }

            users.AddRange(request.Users);
        }

        return await ScoreAsync(users, cancellationToken).ConfigureAwait(false);
    }

    public override async Task GetUserScoreByDoubleEndStream(IAsyncStreamReader<UserScoreRequest> requestStream, IServerStreamWriter<UserScoreResponse> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        while (await requestStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var request = requestStream.Current;
            RequestChecks.Check(request);
            await responseStream.WriteAsync(await ScoreAsync(request.Users, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<UserScoreResponse> ScoreAsync(IReadOnlyList<UserInfo> users, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var response = new UserScoreResponse();
        foreach (var user in users)
        {
            response.Users.Add(new UserInfo { UserId = user.UserId, UserScore = store.ScoreOf(user.UserId) });
        }

        return Task.FromResult(response);
    }
}
