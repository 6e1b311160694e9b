using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>The storage area a stock level is counted in (<c>services.ProdAreas</c>).</summary>
[ProtoContract(Name = "ProdAreas")]
public enum ProdAreas
{
    /// <summary>Area A; the default when a request names no area.</summary>
    [ProtoEnum(Name = "A")]
    A = 0,

    /// <summary>Area B.</summary>
    [ProtoEnum(Name = "B")]
    B = 1,

    /// <summary>Area C.</summary>
    [ProtoEnum(Name = "C")]
    C = 2,
}
