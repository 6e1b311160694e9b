namespace ProdStock.Services.Storage;

/// <summary>Reads user scores.</summary>
public interface IUserScoreStore
{
    /// <summary>The stored scores of those of <paramref name="userIds"/> that are known; unknown users are absent.</summary>
    ValueTask<IReadOnlyDictionary<int, int>> GetScoresAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken);
}
