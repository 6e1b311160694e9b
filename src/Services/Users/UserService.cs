using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.Storage;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Users;

/// <summary>
/// Answers user scores from the <see cref="IUserScoreStore"/> in all four call kinds; unknown users score 0. Each request
/// message arrives validated; this class bounds what a client stream may accumulate (<c>RESOURCE_EXHAUSTED</c>).
/// </summary>
public sealed class UserService(IUserScoreStore store, IOptions<UserScoreOptions> options) : IUserService
{
    private readonly UserScoreOptions _options = options.Value;

    /// <inheritdoc />
    public async ValueTask<UserScoreResponse> GetUserScoreAsync(UserScoreRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ScoreAsync(request.Users, context.CancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UserScoreResponse> GetUserScoreByServerStreamAsync(UserScoreRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = context.CancellationToken;
        foreach (var batch in request.Users.Chunk(_options.StreamBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return await ScoreAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<UserScoreResponse> GetUserScoreByClientStreamAsync(IAsyncEnumerable<UserScoreRequest> requests, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var cancellationToken = context.CancellationToken;
        var users = new List<UserInfo>();
        await foreach (var request in requests.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (users.Count + request.Users.Count > _options.MaxUsersPerClientStream)
            {
                throw ServiceErrors.TooManyItems("users in one client stream", _options.MaxUsersPerClientStream);
            }

            users.AddRange(request.Users);
        }

        return await ScoreAsync(users, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UserScoreResponse> GetUserScoreByDoubleEndStreamAsync(IAsyncEnumerable<UserScoreRequest> requests, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var cancellationToken = context.CancellationToken;
        await foreach (var request in requests.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return await ScoreAsync(request.Users, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<UserScoreResponse> ScoreAsync(IReadOnlyList<UserInfo> users, CancellationToken cancellationToken)
    {
        var ids = new HashSet<int>(users.Count);
        foreach (var user in users)
        {
            ids.Add(user.UserId);
        }

        var scores = await store.GetScoresAsync(ids, cancellationToken).ConfigureAwait(false);
        var response = new UserScoreResponse { Users = new List<UserInfo>(users.Count) };
        foreach (var user in users)
        {
            response.Users.Add(new UserInfo { UserId = user.UserId, UserScore = scores.GetValueOrDefault(user.UserId) });
        }

        return response;
    }
}
