using System.ComponentModel.DataAnnotations;
using ProtoBuf;

namespace ProdStock.Contracts;

/// <summary>Changes the stock of one product in one area by a number of items (<c>services.AdjustStockRequest</c>).</summary>
[ProtoContract(Name = "AdjustStockRequest")]
public sealed class AdjustStockRequest
{
    /// <summary>The product; must be greater than 0 and known to the server.</summary>
    [Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoMember(1, Name = "prod_id")]
    public int ProdId { get; set; }

    /// <summary>The area whose stock changes; <see cref="ProdAreas.A"/> when not set.</summary>
    [ProtoMember(2, Name = "prod_area")]
    public ProdAreas ProdArea { get; set; }

    /// <summary>
    /// How many items to add (positive, restocking) or remove (negative, a correction): from -1,000,000 to 1,000,000.
    /// 0 is refused too, by the service rather than by a declared rule (no validation attribute says "not zero"): with
    /// <c>INVALID_ARGUMENT</c> and a <c>google.rpc.BadRequest</c> naming <c>delta</c>.
    /// </summary>
    [Range(-1_000_000, 1_000_000)]
    [ProtoMember(3, Name = "delta")]
    public int Delta { get; set; }

    /// <summary>
    /// The client's id for this adjustment: 1 to 64 characters of <c>A-Z a-z 0-9 _ -</c>, the idempotency key of
    /// <see cref="IInventoryService.AdjustStockAsync"/>. Sending the same adjustment again under the same id returns the first
    /// answer and moves nothing.
    /// </summary>
    [Required]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9_-]+$")]
    [ProtoMember(4, Name = "adjustment_id")]
    public string AdjustmentId { get; set; } = "";
}
