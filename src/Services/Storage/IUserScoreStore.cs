namespace ProdStock.Services.Storage;

/// <summary>Reads the user scores for the read model, which serves every read.</summary>
public interface IUserScoreStore
{
    /// <summary>Every stored score.</summary>
    IAsyncEnumerable<(int UserId, int Score)> ReadAllAsync(CancellationToken cancellationToken);
}
