using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>The scores of some users (<c>services.UserScoreResponse</c>).</summary>
[ProtoContract(Name = "UserScoreResponse")]
public sealed class UserScoreResponse
{
    /// <summary>The users with their stored scores, in the order they were asked for.</summary>
    [ProtoMember(1, Name = "users")]
    public List<UserInfo> Users { get; set; } = [];
}
