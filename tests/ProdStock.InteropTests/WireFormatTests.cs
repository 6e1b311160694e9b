using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ProtoBuf;
using Contracts = ProdStock.Contracts;
using Seed = global::Services;

namespace ProdStock.InteropTests;

/// <summary>
/// Byte-level checks, without a network: what Google.Protobuf writes from the tutorial's <c>.proto</c> is read by
/// protobuf-net into our code-first contracts, and what protobuf-net writes back is the same bytes.
/// </summary>
public sealed class WireFormatTests
{
    [Fact]
    public void ProdRequest_SeedBytes_RoundTripThroughCodeFirstContract()
    {
        var seed = new Seed.ProdRequest { ProdId = 7, ProdArea = Seed.ProdAreas.C };
        var bytes = seed.ToByteArray();

        var contract = FromBytes<Contracts.ProdRequest>(bytes);
        var back = ToBytes(contract);

        contract.ProdId.Should().Be(7);
        contract.ProdArea.Should().Be(Contracts.ProdAreas.C);
        back.Should().Equal(bytes);
        Seed.ProdRequest.Parser.ParseFrom(back).Should().Be(seed);
    }

    [Fact]
    public void OrderMain_SeedBytesWithTimestamp_RoundTripToSameInstant()
    {
        var time = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1_234_567);
        var seed = new Seed.OrderMain
        {
            OrderId = 3,
            OrderNo = "order-42_x",
            UserId = 9,
            OrderMoney = 19.99f,
            OrderTime = Timestamp.FromDateTime(time),
        };
        var bytes = seed.ToByteArray();

        var contract = FromBytes<Contracts.OrderMain>(bytes);
        var back = ToBytes(contract);

        contract.OrderId.Should().Be(3);
        contract.OrderNo.Should().Be("order-42_x");
        contract.UserId.Should().Be(9);
        contract.OrderMoney.Should().Be(19.99f);
        contract.OrderTime.Should().NotBeNull();
        contract.OrderTime!.Value.Kind.Should().Be(DateTimeKind.Utc);
        contract.OrderTime.Value.Should().Be(time);
        var reparsed = Seed.OrderMain.Parser.ParseFrom(back);
        reparsed.Should().Be(seed);
        reparsed.OrderTime.ToDateTime().Should().Be(time);
    }

    [Fact]
    public void OrderMain_WithoutTimestamp_ReadsAsNull()
    {
        var seed = new Seed.OrderMain { OrderNo = "n1", UserId = 1, OrderMoney = 1f };

        var contract = FromBytes<Contracts.OrderMain>(seed.ToByteArray());

        contract.OrderTime.Should().BeNull();
        Seed.OrderMain.Parser.ParseFrom(ToBytes(contract)).Should().Be(seed);
    }

    [Fact]
    public void UserScoreRequest_SeedBytesWithThreeUsers_RoundTripThroughCodeFirstContract()
    {
        var seed = new Seed.UserScoreRequest();
        seed.Users.Add(new Seed.UserInfo { UserId = 1 });
        seed.Users.Add(new Seed.UserInfo { UserId = 2, UserScore = 50 });
        seed.Users.Add(new Seed.UserInfo { UserId = 300 });
        var bytes = seed.ToByteArray();

        var contract = FromBytes<Contracts.UserScoreRequest>(bytes);
        var back = ToBytes(contract);

        contract.Users.Select(u => (u.UserId, u.UserScore)).Should().Equal((1, 0), (2, 50), (300, 0));
        back.Should().Equal(bytes);
        Seed.UserScoreRequest.Parser.ParseFrom(back).Should().Be(seed);
    }

    [Fact]
    public void ProdResponse_CodeFirstExtraField_IsIgnoredBySeedParser()
    {
        var contract = new Contracts.ProdResponse { ProdStock = 512, ProdId = 7 };

        var seed = Seed.ProdResponse.Parser.ParseFrom(ToBytes(contract));

        seed.ProdStock.Should().Be(512);
    }

    private static T FromBytes<T>(byte[] bytes) => Serializer.Deserialize<T>(new ReadOnlyMemory<byte>(bytes));

    private static byte[] ToBytes<T>(T value)
    {
        using var stream = new MemoryStream();
        Serializer.Serialize(stream, value);
        return stream.ToArray();
    }
}
