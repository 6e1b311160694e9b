using System.ComponentModel.DataAnnotations;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>A user and their score (<c>services.UserInfo</c>).</summary>
[ProtoContract(Name = "UserInfo")]
public sealed class UserInfo
{
    /// <summary>The user id; must be greater than 0.</summary>
    [Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoMember(1, Name = "user_id")]
    public int UserId { get; set; }

    /// <summary>The user's score. Ignored in requests; in responses, the stored score (0 for an unknown user).</summary>
    [ProtoMember(2, Name = "user_score")]
    public int UserScore { get; set; }
}
