using System.Collections.Frozen;

namespace ProdStock.Services.ReadModel;

/// <summary>The user scores, in process memory, loaded from the store at start; every score read is served from here.</summary>
public sealed class UserScoreReadModel
{
    private volatile FrozenDictionary<int, int> _scores = FrozenDictionary<int, int>.Empty;

    /// <summary>How many users have a score.</summary>
    public int Count => _scores.Count;

    /// <summary>Replaces every score.</summary>
    public void Load(IEnumerable<(int UserId, int Score)> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        _scores = scores.ToFrozenDictionary(s => s.UserId, s => s.Score);
    }

    /// <summary>A user's score; 0 for a user without one.</summary>
    public int ScoreOf(int userId) => _scores.GetValueOrDefault(userId);
}
