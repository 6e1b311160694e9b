using CodeFirst.Model;
using ProtoBuf;

namespace ProdStock.UnitTests.Gateway;

/// <summary>
/// Messages for the gateway tests: one of every proto3 field kind the gateway maps (int32, uint32, int64, uint64, float,
/// double, bool, string, bytes, an enum, a Timestamp, a Duration, a nested message, a repeated scalar, a repeated message).
/// </summary>
public static class GatewayTestMessages
{
    [ProtoContract(Name = "SampleColor")]
    public enum SampleColor
    {
        [ProtoEnum(Name = "Unknown")]
        Unknown = 0,

        [ProtoEnum(Name = "Red")]
        Red = 1,

        [ProtoEnum(Name = "Green")]
        Green = 2,
    }

    [ProtoContract(Name = "Sample")]
    [CompatibilityLevel(CompatibilityLevel.Level300)]
    public sealed class Sample
    {
        [ProtoMember(1, Name = "count")]
        public int Count { get; set; }

        [ProtoMember(2, Name = "big_count")]
        public long BigCount { get; set; }

        [ProtoMember(3, Name = "huge_count")]
        public ulong HugeCount { get; set; }

        [ProtoMember(4, Name = "price")]
        public float Price { get; set; }

        [ProtoMember(5, Name = "ratio")]
        public double Ratio { get; set; }

        [ProtoMember(6, Name = "is_active")]
        public bool IsActive { get; set; }

        [ProtoMember(7, Name = "display_name")]
        public string DisplayName { get; set; } = "";

        [ProtoMember(8, Name = "payload")]
        public byte[] Payload { get; set; } = [];

        [ProtoMember(9, Name = "color")]
        public SampleColor Color { get; set; }

        [ProtoMember(10, Name = "created_at")]
        public DateTime? CreatedAt { get; set; }

        [ProtoMember(11, Name = "time_to_live")]
        public TimeSpan? TimeToLive { get; set; }

        [ProtoMember(12, Name = "inner")]
        public Inner? Inner { get; set; }

        [ProtoMember(13, Name = "tags")]
        public List<int> Tags { get; set; } = [];

        [ProtoMember(14, Name = "items")]
        public List<Inner> Items { get; set; } = [];

        [ProtoMember(15, Name = "small_count")]
        public uint SmallCount { get; set; }
    }

    [ProtoContract(Name = "Inner")]
    [CompatibilityLevel(CompatibilityLevel.Level300)]
    public sealed class Inner
    {
        [ProtoMember(1, Name = "name")]
        public string Name { get; set; } = "";

        [ProtoMember(2, Name = "level")]
        public int Level { get; set; }
    }

    /// <summary>A recursive message, to nest JSON objects as deep as a test needs.</summary>
    [ProtoContract(Name = "Node")]
    public sealed class Node
    {
        [ProtoMember(1, Name = "child")]
        public Node? Child { get; set; }

        [ProtoMember(2, Name = "value")]
        public int Value { get; set; }
    }

    /// <summary>The field of <see cref="Sample"/> with the proto name <paramref name="protoName"/>.</summary>
    internal static FieldModel SampleField(string protoName) =>
        MessageModel.For(typeof(Sample)).Find(protoName) ?? throw new ArgumentException($"Sample has no field {protoName}.", nameof(protoName));
}
