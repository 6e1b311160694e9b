using System.ComponentModel.DataAnnotations;

namespace ProdStock.Services.Users;

/// <summary>How the user-score service answers (configuration section <c>ProdStock:Users</c>).</summary>
public sealed class UserScoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ProdStock:Users";

    /// <summary>How many users each message of <c>GetUserScoreByServerStream</c> carries. Default 2, as in the tutorial.</summary>
    [Range(1, 10_000)]
    public int StreamBatchSize { get; set; } = 2;

    /// <summary>The most users a whole client-streaming call may name (they are held until the client completes). Default 100,000.</summary>
    [Range(1, 10_000_000)]
    public int MaxUsersPerClientStream { get; set; } = 100_000;
}
