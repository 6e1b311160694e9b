using System.ComponentModel;
using System.Reflection;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Grpc.Serialization;
using ProtoBuf;
using ProtoBuf.Meta;
using static ProdStock.UnitTests.Host.Serialization.ProtoTestSupport;

namespace ProdStock.UnitTests.Host.Serialization;

public sealed class MessageCodecFactoryTests
{
    public static TheoryData<Type> CoveredContracts =>
    [
        typeof(ProdRequest), typeof(ProdResponse), typeof(ProdModel), typeof(ProdResponseList), typeof(QuerySize),
        typeof(UserInfo), typeof(UserScoreRequest), typeof(UserScoreResponse), typeof(OrderResponse),
    ];

    public static TheoryData<Type, string, string> UncoveredTypes => new()
    {
        { typeof(OrderMain), "OrderTime", "nullable" },
        { typeof(OrderRequest), "OrderTime", "nullable" },
        { typeof(WithDateTime), "When", "DateTime" },
        { typeof(WithNullableInt), "Count", "nullable" },
        { typeof(WithDefaultValue), "Count", "default value" },
        { typeof(WithIntArray), "Counts", "repeated" },
        { typeof(WithIntList), "Counts", "repeated" },
        { typeof(WithScalarRepeatedOfStrings), "Names", "repeated" },
        { typeof(ShapeBase), "ShapeBase", "inheritance" },
        { typeof(Circle), "Circle", "inheritance" },
        { typeof(WithShouldSerialize), "Count", "conditional" },
        { typeof(WithSpecified), "Count", "conditional" },
        { typeof(WithZigZag), "Count", "ZigZag" },
        { typeof(WithFixedSize), "Count", "FixedSize" },
        { typeof(WithoutParameterlessConstructor), "WithoutParameterlessConstructor", "constructor" },
        { typeof(WithCallback), "WithCallback", "callbacks" },
        { typeof(WithUncoveredMessage), "When", "DateTime" },
        { typeof(WithUncoveredList), "Count", "nullable" },
        { typeof(WithUncoveredTwoLevelsDown), "Count", "ZigZag" },
        { typeof(WithOrderRequest), "OrderTime", "nullable" },
        { typeof(WithCoveredAndUncovered), "When", "DateTime" },
        { typeof(WithGetterOnly), "Users", "setter" },
        { typeof(ProdAreas), "ProdAreas", "contract class" },
        { typeof(int), "Int32", "contract class" },
        { typeof(string), "String", "contract class" },
    };

    [Theory]
    [MemberData(nameof(CoveredContracts))]
    public void TryGet_ContractMessageType_ReturnsCodecWithoutReason(Type type)
    {
        var (codec, whyNot) = TryGet(new MessageCodecFactory(), type);

        codec.Should().NotBeNull(whyNot);
        whyNot.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(UncoveredTypes))]
    public void TryGet_TypeProtobufNetMustHandle_ReturnsNullWithReasonNamingTheMember(Type type, string member, string reason)
    {
        var (codec, whyNot) = TryGet(new MessageCodecFactory(), type);

        codec.Should().BeNull();
        whyNot.Should().Contain(member).And.ContainEquivalentOf(reason);
    }

    [Fact]
    public void TryGet_SameTypeTwice_ReturnsTheSameCodec()
    {
        var factory = new MessageCodecFactory();

        var first = factory.TryGet<UserScoreRequest>(out _);
        var second = factory.TryGet<UserScoreRequest>(out _);

        second.Should().NotBeNull().And.BeSameAs(first);
    }

    [Fact]
    public void TryGet_UncoveredTypeTwice_GivesTheReasonBothTimes()
    {
        var factory = new MessageCodecFactory();
        factory.TryGet<OrderRequest>(out var first);

        var codec = factory.TryGet<OrderRequest>(out var second);

        codec.Should().BeNull();
        second.Should().NotBeNull().And.Be(first);
    }

    [Fact]
    public void TryGet_CoveredTypeAfterAContainerWasRefused_StillReturnsItsCodec()
    {
        var factory = new MessageCodecFactory();
        factory.TryGet<WithCoveredAndUncovered>(out _).Should().BeNull();

        var codec = factory.TryGet<Node>(out var whyNot);

        codec.Should().NotBeNull(whyNot);
        AssertNodeRoundTrip(codec!, Chain(3));
    }

    [Fact]
    public void TryGet_ContainedTypeBuiltFirst_ContainerUsesIt()
    {
        var factory = new MessageCodecFactory();
        var item = factory.TryGet<UserInfo>(out _);

        var list = factory.TryGet<UserScoreRequest>(out _);

        list.Should().NotBeNull();
        item.Should().NotBeNull();
        var request = new UserScoreRequest { Users = [new UserInfo { UserId = 3, UserScore = -4 }] };
        CodecBytes(list!, request).Should().Equal(ProtobufNetBytes(request));
    }

    [Fact]
    public void TryGet_ProdRequest_HasTheContractsNameAndFieldsInNumberOrder()
    {
        var codec = Codec<ProdRequest>();

        codec.Name.Should().Be("ProdRequest");
        codec.Fields.Select(f => (f.Number, f.WireType)).Should().Equal((1, WireType.Varint), (2, WireType.Varint));
    }

    [Fact]
    public void TryGet_FieldsDeclaredOutOfOrder_ListsThemByNumberAndWritesLikeProtobufNet()
    {
        var codec = Codec<OutOfOrder>();

        codec.Fields.Select(f => f.Number).Should().Equal(1, 2, 200);
        AssertSameAsProtobufNet(new OutOfOrder { Last = 7, First = "a", Middle = 1.5f });
    }

    [Fact]
    public void TryGet_ContractWithoutName_UsesTheTypeName()
    {
        Codec<Node>().Name.Should().Be(nameof(Node));
    }

    [Fact]
    public void TryGet_RecursiveType_IsCoveredAndRoundTripsAFiveDeepChainLikeProtobufNet()
    {
        var codec = new MessageCodecFactory().TryGet<Node>(out var whyNot);

        codec.Should().NotBeNull(whyNot);
        AssertNodeRoundTrip(codec!, Chain(5));
    }

    [Fact]
    public void TryGet_MutuallyRecursiveTypes_AreBothCoveredAndWriteLikeProtobufNet()
    {
        var factory = new MessageCodecFactory();
        var value = new Ping { Id = 1, Pong = new Pong { Id = 2, Ping = new Ping { Id = 3, Pong = new Pong { Id = 4 } } } };

        var ping = factory.TryGet<Ping>(out var whyNot);
        var pong = factory.TryGet<Pong>(out _);

        ping.Should().NotBeNull(whyNot);
        pong.Should().NotBeNull();
        CodecBytes(ping!, value).Should().Equal(ProtobufNetBytes(value));
        ping!.Read(ProtobufNetBytes(value)).Should().BeEquivalentTo(value);
    }

    internal static Node Chain(int depth)
    {
        var root = new Node { Value = 1 };
        var current = root;
        for (var i = 2; i <= depth; i++)
        {
            current.Child = new Node { Value = i * (i % 2 == 0 ? -1000 : 1000) };
            current = current.Child;
        }

        return root;
    }

    private static void AssertNodeRoundTrip(MessageCodec<Node> codec, Node value)
    {
        var expected = ProtobufNetBytes(value);

        var actual = CodecBytes(codec, value);

        actual.Should().Equal(expected);
        codec.Read(actual).Should().BeEquivalentTo(value, o => o.AllowingInfiniteRecursion());
        ProtobufNetRead<Node>(actual).Should().BeEquivalentTo(value, o => o.AllowingInfiniteRecursion());
    }

    private static (object? Codec, string? WhyNot) TryGet(MessageCodecFactory factory, Type type)
    {
        var method = typeof(MessageCodecFactory).GetMethod(nameof(MessageCodecFactory.TryGet))!.MakeGenericMethod(type);
        var arguments = new object?[] { null };
        var codec = method.Invoke(factory, BindingFlags.DoNotWrapExceptions, null, arguments, null);
        return (codec, (string?)arguments[0]);
    }
}

[ProtoContract]
public sealed class Node
{
    [ProtoMember(1)]
    public int Value { get; set; }

    [ProtoMember(2)]
    public Node? Child { get; set; }
}

[ProtoContract]
public sealed class Ping
{
    [ProtoMember(1)]
    public int Id { get; set; }

    [ProtoMember(2)]
    public Pong? Pong { get; set; }
}

[ProtoContract]
public sealed class Pong
{
    [ProtoMember(1)]
    public int Id { get; set; }

    [ProtoMember(2)]
    public Ping? Ping { get; set; }
}

[ProtoContract]
public sealed class OutOfOrder
{
    [ProtoMember(200)]
    public int Last { get; set; }

    [ProtoMember(1)]
    public string First { get; set; } = "";

    [ProtoMember(2)]
    public float Middle { get; set; }
}

[ProtoContract]
public sealed class WithDateTime
{
    [ProtoMember(1)]
    public DateTime When { get; set; }
}

[ProtoContract]
public sealed class WithNullableInt
{
    [ProtoMember(1)]
    public int? Count { get; set; }
}

[ProtoContract]
public sealed class WithDefaultValue
{
    [ProtoMember(1)]
    [DefaultValue(5)]
    public int Count { get; set; } = 5;
}

[ProtoContract]
public sealed class WithIntArray
{
    [ProtoMember(1)]
    public int[] Counts { get; set; } = [];
}

[ProtoContract]
public sealed class WithIntList
{
    [ProtoMember(1)]
    public List<int> Counts { get; set; } = [];
}

[ProtoContract]
public sealed class WithScalarRepeatedOfStrings
{
    [ProtoMember(1)]
    public List<string> Names { get; set; } = [];
}

[ProtoContract]
[ProtoInclude(10, typeof(Circle))]
public class ShapeBase
{
    [ProtoMember(1)]
    public int Id { get; set; }
}

[ProtoContract]
public sealed class Circle : ShapeBase
{
    [ProtoMember(1)]
    public int Radius { get; set; }
}

[ProtoContract]
public sealed class WithShouldSerialize
{
    [ProtoMember(1)]
    public int Count { get; set; }

    public bool ShouldSerializeCount() => Count > 1;
}

[ProtoContract]
public sealed class WithSpecified
{
    [ProtoMember(1)]
    public int Count { get; set; }

    public bool CountSpecified { get; set; }
}

[ProtoContract]
public sealed class WithZigZag
{
    [ProtoMember(1, DataFormat = DataFormat.ZigZag)]
    public int Count { get; set; }
}

[ProtoContract]
public sealed class WithFixedSize
{
    [ProtoMember(1, DataFormat = DataFormat.FixedSize)]
    public int Count { get; set; }
}

[ProtoContract(SkipConstructor = true)]
public sealed class WithoutParameterlessConstructor
{
    public WithoutParameterlessConstructor(int count)
    {
        Count = count;
    }

    [ProtoMember(1)]
    public int Count { get; set; }
}

[ProtoContract]
public sealed class WithCallback
{
    [ProtoMember(1)]
    public int Count { get; set; }

    [ProtoAfterDeserialization]
    public void AfterDeserialization() => Count++;
}

[ProtoContract]
public sealed class WithUncoveredMessage
{
    [ProtoMember(1)]
    public int Id { get; set; }

    [ProtoMember(2)]
    public WithDateTime? Inner { get; set; }
}

[ProtoContract]
public sealed class WithUncoveredList
{
    [ProtoMember(1)]
    public List<WithNullableInt> Items { get; set; } = [];
}

[ProtoContract]
public sealed class WithUncoveredTwoLevelsDown
{
    [ProtoMember(1)]
    public Middle? Middle { get; set; }
}

[ProtoContract]
public sealed class Middle
{
    [ProtoMember(1)]
    public List<WithZigZag> Items { get; set; } = [];
}

[ProtoContract]
public sealed class WithOrderRequest
{
    [ProtoMember(1)]
    public OrderRequest? Request { get; set; }
}

[ProtoContract]
public sealed class WithCoveredAndUncovered
{
    [ProtoMember(1)]
    public Node? Node { get; set; }

    [ProtoMember(2)]
    public WithDateTime? Uncovered { get; set; }
}

[ProtoContract]
public sealed class WithGetterOnly
{
    [ProtoMember(1)]
    public List<UserInfo> Users { get; } = [];
}
