using System.ComponentModel.DataAnnotations;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>Asks for the scores of some users (<c>services.UserScoreRequest</c>).</summary>
[ProtoContract(Name = "UserScoreRequest")]
public sealed class UserScoreRequest
{
    /// <summary>The users whose scores are asked for; only <see cref="UserInfo.UserId"/> is read.</summary>
    [MaxLength(10_000)]
    [ProtoMember(1, Name = "users")]
    public List<UserInfo> Users { get; set; } = [];
}
