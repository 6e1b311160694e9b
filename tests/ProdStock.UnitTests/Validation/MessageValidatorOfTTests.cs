using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.Validation;

namespace ProdStock.UnitTests.Validation;

/// <summary>The validator with its type's rules resolved once: the same results as <see cref="MessageValidator"/>.</summary>
public sealed class MessageValidatorOfTTests
{
    public static TheoryData<string, object, string, string, string> Invalid => MessageValidatorTests.Invalid;

    public static TheoryData<string, object> Valid => MessageValidatorTests.Valid;

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidMessageSeenAsItsBaseType_SameViolationsAsStaticValidator(string why, object message, string field, string description, string summary)
    {
        // As object, every message is of a derived type: its own type's rules apply.
        var result = MessageValidator.For<object>().Validate(message);

        result.IsValid.Should().BeFalse(why);
        result.Violations.Should().Equal(new FieldViolation(field, description));
        result.Message.Should().Be(summary);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_ValidMessageSeenAsItsBaseType_HasNoViolations(string why, object message)
    {
        MessageValidator.For<object>().Validate(message).IsValid.Should().BeTrue(why);
    }

    [Theory]
    [InlineData(0, ProdAreas.A, "invalid ProdRequest.prod_id: value must be greater than 0")]
    [InlineData(-1, ProdAreas.B, "invalid ProdRequest.prod_id: value must be greater than 0")]
    [InlineData(1, (ProdAreas)3, "invalid ProdRequest.prod_area: value must be one of the defined enum values")]
    [InlineData(1, (ProdAreas)(-1), "invalid ProdRequest.prod_area: value must be one of the defined enum values")]
    public void ThrowIfInvalid_InvalidRequest_ThrowsInvalidArgumentNamingTheField(int prodId, ProdAreas area, string detail)
    {
        var act = () => MessageValidator.For<ProdRequest>().ThrowIfInvalid(new ProdRequest { ProdId = prodId, ProdArea = area });

        var error = act.Should().Throw<RpcException>().Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be(detail);
        error.GetFieldViolations().Should().ContainSingle();
    }

    [Theory]
    [InlineData(ProdAreas.A)]
    [InlineData(ProdAreas.B)]
    [InlineData(ProdAreas.C)]
    public void ThrowIfInvalid_ValidRequest_DoesNotThrow(ProdAreas area)
    {
        var act = () => MessageValidator.For<ProdRequest>().ThrowIfInvalid(new ProdRequest { ProdId = int.MaxValue, ProdArea = area });

        act.Should().NotThrow();
    }

    [Fact]
    public void Validate_MessageOfADerivedType_AppliesTheDerivedTypesRules()
    {
        var validator = MessageValidator.For<BasketItem>();

        validator.Validate(new SpecialBasketItem { Count = 1, Code = 7 }).IsValid.Should().BeTrue();
        validator.Validate(new SpecialBasketItem { Count = 1, Code = 0 }).Violations.Should().Equal(new FieldViolation("code", "value must be greater than 0"));
        validator.Validate(new BasketItem { Count = 0 }).Violations.Should().Equal(new FieldViolation("count", "value must be greater than 0"));
    }

    [Fact]
    public void Validate_Null_ThrowsArgumentNullException()
    {
        var act = () => MessageValidator.For<ProdRequest>().Validate(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void ThrowIfInvalid_ValidRequest_AllocatesNothing()
    {
        var validator = MessageValidator.For<ProdRequest>();
        var request = new ProdRequest { ProdId = 5, ProdArea = ProdAreas.C };
        validator.ThrowIfInvalid(request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            validator.ThrowIfInvalid(request);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, "a method handler validates every request with it");
    }
}
