using System.Text.Json;

namespace ProdStock.InteropTests.Node;

/// <summary>Reading the client's JSON with messages that quote the run.</summary>
internal static class NodeJson
{
    /// <summary>A property that must be present.</summary>
    public static JsonElement Get(this JsonElement line, string property)
    {
        line.TryGetProperty(property, out var value).Should().BeTrue($"the line {line.GetRawText()} must have \"{property}\"");
        return value;
    }

    /// <summary>(user_id, user_score) pairs of a UserInfo array.</summary>
    public static IReadOnlyList<(int UserId, int UserScore)> Scores(this JsonElement users) =>
        users.EnumerateArray().Select(u => (u.Get("user_id").GetInt32(), u.Get("user_score").GetInt32())).ToList();
}
