using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.Validation;

namespace ProdStock.UnitTests.Validation;

public sealed class MessageValidatorTests
{
    private static OrderRequest Order(string orderNo = "A-1", int userId = 7, float money = 1.5f) =>
        new() { OrderMain = new OrderMain { OrderNo = orderNo, UserId = userId, OrderMoney = money } };

    private static UserScoreRequest Users(params int[] ids) => new() { Users = ids.Select(id => new UserInfo { UserId = id }).ToList() };

    public static TheoryData<string, object, string, string, string> Invalid => new()
    {
        { "prod_id 0", new ProdRequest { ProdId = 0 }, "prod_id", "value must be greater than 0", "invalid ProdRequest.prod_id: value must be greater than 0" },
        { "prod_id -1", new ProdRequest { ProdId = -1 }, "prod_id", "value must be greater than 0", "invalid ProdRequest.prod_id: value must be greater than 0" },
        { "undefined area", new ProdRequest { ProdId = 1, ProdArea = (ProdAreas)3 }, "prod_area", "value must be one of the defined enum values", "invalid ProdRequest.prod_area: value must be one of the defined enum values" },
        { "size 0", new QuerySize { Size = 0 }, "size", "value must be inside range [1, 1000]", "invalid QuerySize.size: value must be inside range [1, 1000]" },
        { "size 1001", new QuerySize { Size = 1001 }, "size", "value must be inside range [1, 1000]", "invalid QuerySize.size: value must be inside range [1, 1000]" },
        { "missing order_main", new OrderRequest(), "order_main", "value is required", "invalid OrderRequest.order_main: value is required" },
        { "empty order_no", Order(""), "order_main.order_no", "value length must be between 1 and 64 runes, inclusive", "invalid OrderMain.order_no: value length must be between 1 and 64 runes, inclusive" },
        { "65-char order_no", Order(new string('x', 65)), "order_main.order_no", "value length must be between 1 and 64 runes, inclusive", "invalid OrderMain.order_no: value length must be between 1 and 64 runes, inclusive" },
        { "non-ASCII order_no", Order("bestellung-\u00fc"), "order_main.order_no", "value does not match regex pattern \"^[A-Za-z0-9_-]+$\"", "invalid OrderMain.order_no: value does not match regex pattern \"^[A-Za-z0-9_-]+$\"" },
        { "order_no with newline", Order("abc\n"), "order_main.order_no", "value does not match regex pattern \"^[A-Za-z0-9_-]+$\"", "invalid OrderMain.order_no: value does not match regex pattern \"^[A-Za-z0-9_-]+$\"" },
        { "user_id 0", Order(userId: 0), "order_main.user_id", "value must be greater than 0", "invalid OrderMain.user_id: value must be greater than 0" },
        { "NaN money", Order(money: float.NaN), "order_main.order_money", "value must be a finite number", "invalid OrderMain.order_money: value must be a finite number" },
        { "+Infinity money", Order(money: float.PositiveInfinity), "order_main.order_money", "value must be a finite number", "invalid OrderMain.order_money: value must be a finite number" },
        { "-Infinity money", Order(money: float.NegativeInfinity), "order_main.order_money", "value must be a finite number", "invalid OrderMain.order_money: value must be a finite number" },
        { "zero money", Order(money: 0), "order_main.order_money", "value must be greater than 0", "invalid OrderMain.order_money: value must be greater than 0" },
        { "negative money", Order(money: -0.01f), "order_main.order_money", "value must be greater than 0", "invalid OrderMain.order_money: value must be greater than 0" },
        { "user 0 at index 3", Users(1, 2, 3, 0), "users[3].user_id", "value must be greater than 0", "invalid UserInfo.user_id: value must be greater than 0" },
        { "10,001 users", Users(Enumerable.Range(1, 10_001).ToArray()), "users", "value must contain no more than 10000 item(s)", "invalid UserScoreRequest.users: value must contain no more than 10000 item(s)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidMessage_NamesFieldAndRule(string why, object message, string field, string description, string summary)
    {
        var result = MessageValidator.Validate(message);

        result.IsValid.Should().BeFalse(why);
        result.Violations.Should().Equal(new FieldViolation(field, description));
        result.Message.Should().Be(summary);
    }

    public static TheoryData<string, object> Valid => new()
    {
        { "prod 1 area C", new ProdRequest { ProdId = 1, ProdArea = ProdAreas.C } },
        { "size 1", new QuerySize { Size = 1 } },
        { "size 1000", new QuerySize { Size = 1000 } },
        { "64-char order_no of every allowed character", Order("Az09_-" + new string('k', 58)) },
        { "smallest positive money", Order(money: float.Epsilon) },
        { "largest money", Order(money: float.MaxValue) },
        { "10,000 users", Users(Enumerable.Range(1, 10_000).ToArray()) },
        { "no users", Users() },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_ValidMessage_HasNoViolations(string why, object message)
    {
        var result = MessageValidator.Validate(message);

        result.IsValid.Should().BeTrue(why);
        result.Violations.Should().BeEmpty();
        result.Message.Should().BeNull();
    }

    [Fact]
    public void ThrowIfInvalid_ValidMessageWithAList_AllocatesNothing()
    {
        var request = new UserScoreRequest { Users = [.. Enumerable.Range(1, 10).Select(id => new UserInfo { UserId = id })] };
        MessageValidator.ThrowIfInvalid(request); // rules built on first use

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            MessageValidator.ThrowIfInvalid(request);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, "the server validates every request and streamed message");
    }

    [Fact]
    public void ThrowIfInvalid_ListItemOfADerivedType_AppliesTheDerivedTypesRules()
    {
        var valid = new Basket { Items = [new BasketItem { Count = 1 }, new SpecialBasketItem { Count = 1, Code = 7 }] };
        var invalid = new Basket { Items = [new BasketItem { Count = 1 }, new SpecialBasketItem { Count = 1, Code = 0 }] };

        MessageValidator.Validate(valid).IsValid.Should().BeTrue();
        var act = () => MessageValidator.ThrowIfInvalid(invalid);

        act.Should().Throw<RpcException>().Which.Status.Detail.Should().Be("invalid SpecialBasketItem.code: value must be greater than 0");
    }

    [Fact]
    public void Validate_MessageContainingItsOwnType_ChecksEveryLevel()
    {
        var valid = new TreeNode { Weight = 1, Child = new TreeNode { Weight = 2, Child = new TreeNode { Weight = 3 } } };
        var invalid = new TreeNode { Weight = 1, Child = new TreeNode { Weight = 2, Child = new TreeNode { Weight = 0 } } };

        MessageValidator.Validate(valid).IsValid.Should().BeTrue();
        MessageValidator.Validate(invalid).Violations.Should().Equal(new FieldViolation("child.child.weight", "value must be greater than 0"));
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsEveryFieldOnceAndSummarisesTheFirst()
    {
        var request = new OrderRequest { OrderMain = new OrderMain { OrderNo = "", UserId = -1, OrderMoney = float.NaN } };

        var result = MessageValidator.Validate(request);

        result.Violations.Select(v => v.Field).Should().Equal("order_main.order_no", "order_main.user_id", "order_main.order_money");
        result.Message.Should().Be("invalid OrderMain.order_no: value length must be between 1 and 64 runes, inclusive (and 2 more violation(s))");
    }

    [Fact]
    public void ThrowIfInvalid_InvalidMessage_ThrowsInvalidArgumentCarryingTheViolations()
    {
        var act = () => MessageValidator.ThrowIfInvalid(Users(5, -5));

        var error = act.Should().Throw<RpcException>().Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("invalid UserInfo.user_id: value must be greater than 0");
        error.GetFieldViolations().Should().Equal(new FieldViolation("users[1].user_id", "value must be greater than 0"));
        error.Trailers.GetValueBytes(RpcStatusDetails.TrailerName).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void GetFieldViolations_ExceptionWithoutDetails_IsEmpty()
    {
        var error = new RpcException(new Status(StatusCode.NotFound, "nope"));

        error.GetFieldViolations().Should().BeEmpty();
    }

    [Fact]
    public void ToRpcException_ValidResult_Throws()
    {
        var act = () => MessageValidator.Validate(new QuerySize { Size = 5 }).ToRpcException();

        act.Should().Throw<InvalidOperationException>();
    }
}

[ProtoBuf.ProtoContract(Name = "Basket")]
public sealed class Basket
{
    [ProtoBuf.ProtoMember(1, Name = "items")]
    public List<BasketItem> Items { get; set; } = [];
}

[ProtoBuf.ProtoContract(Name = "BasketItem")]
[ProtoBuf.ProtoInclude(10, typeof(SpecialBasketItem))]
public class BasketItem
{
    [System.ComponentModel.DataAnnotations.Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoBuf.ProtoMember(1, Name = "count")]
    public int Count { get; set; }
}

[ProtoBuf.ProtoContract(Name = "SpecialBasketItem")]
public sealed class SpecialBasketItem : BasketItem
{
    [System.ComponentModel.DataAnnotations.Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoBuf.ProtoMember(2, Name = "code")]
    public int Code { get; set; }
}

[ProtoBuf.ProtoContract(Name = "TreeNode")]
public sealed class TreeNode
{
    [System.ComponentModel.DataAnnotations.Range(0, int.MaxValue, MinimumIsExclusive = true)]
    [ProtoBuf.ProtoMember(1, Name = "weight")]
    public int Weight { get; set; }

    [ProtoBuf.ProtoMember(2, Name = "child")]
    public TreeNode? Child { get; set; }
}
