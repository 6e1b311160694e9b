using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Services.Errors;
using ProdStock.Services.ReadModel;
using ProtoBuf.Grpc;

namespace ProdStock.Services.Users;

/// <summary>
/// Answers user scores from the <see cref="UserScoreReadModel"/>, in memory, in all four call kinds; unknown users score 0. Each request
/// message arrives validated; this class bounds what a client stream may accumulate (<c>RESOURCE_EXHAUSTED</c>).
/// </summary>
public sealed class UserService(UserScoreReadModel scores, IOptions<UserScoreOptions> options) : IUserService
{
    private readonly UserScoreOptions _options = options.Value;

    /// <inheritdoc />
    public ValueTask<UserScoreResponse> GetUserScoreAsync(UserScoreRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(Score(request.Users));
    }

    /// <inheritdoc />
    public IAsyncEnumerable<UserScoreResponse> GetUserScoreByServerStreamAsync(UserScoreRequest request, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = context.CancellationToken;
        // Every batch is answered from memory at once; the transport's flow control paces the stream.
        return request.Users.Chunk(_options.StreamBatchSize)
            .Select(batch =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Score(batch);
            })
            .ToAsyncEnumerable();
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

        return Score(users);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<UserScoreResponse> GetUserScoreByDoubleEndStreamAsync(IAsyncEnumerable<UserScoreRequest> requests, CallContext context = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var cancellationToken = context.CancellationToken;
        await foreach (var request in requests.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return Score(request.Users);
        }
    }

    private UserScoreResponse Score(IReadOnlyList<UserInfo> users)
    {
        var response = new UserScoreResponse { Users = new List<UserInfo>(users.Count) };
        foreach (var user in users)
        {
            response.Users.Add(new UserInfo { UserId = user.UserId, UserScore = scores.ScoreOf(user.UserId) });
        }

        return response;
    }
}
