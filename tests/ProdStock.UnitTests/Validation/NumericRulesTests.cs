using System.ComponentModel.DataAnnotations;
using CodeFirst.Validation;
using ProtoBuf;

namespace ProdStock.UnitTests.Validation;

/// <summary>
/// Messages whose checked fields are all numbers and enums are checked by one compiled predicate per type: it must agree
/// with the field-by-field rules, for enums with gaps, negative enums and fields without rules alongside.
/// </summary>
public sealed class NumericRulesTests
{
    [Theory]
    [InlineData(Sparse.Low, true)]
    [InlineData(Sparse.Mid, true)]
    [InlineData(Sparse.High, true)]
    [InlineData((Sparse)1, false)]
    [InlineData((Sparse)3, false)]
    [InlineData((Sparse)(-1), false)]
    [InlineData((Sparse)6, false)]
    public void Validate_EnumWithGaps_AcceptsOnlyItsValues(Sparse value, bool valid)
    {
        var result = MessageValidator.Validate(new NumbersOnly { Sparse = value, Signed = Signed.Zero, Count = 1 });

        result.IsValid.Should().Be(valid);
        if (!valid)
        {
            result.Violations.Should().Equal(new FieldViolation("sparse", "value must be one of the defined enum values"));
        }
    }

    [Theory]
    [InlineData(Signed.MinusOne, true)]
    [InlineData(Signed.Zero, true)]
    [InlineData(Signed.One, true)]
    [InlineData((Signed)(-2), false)]
    [InlineData((Signed)2, false)]
    public void Validate_ConsecutiveEnumWithNegativeValues_AcceptsOnlyItsValues(Signed value, bool valid)
    {
        MessageValidator.Validate(new NumbersOnly { Sparse = Sparse.Low, Signed = value, Count = 1 }).IsValid.Should().Be(valid);
    }

    [Theory]
    [InlineData(1, 0.5, true)]
    [InlineData(10, -0.0, true)]
    [InlineData(0, 0.5, false)]
    [InlineData(11, 0.5, false)]
    [InlineData(5, double.NaN, false)]
    [InlineData(5, double.PositiveInfinity, false)]
    public void Validate_RangeAndFiniteFields_SameVerdictAsEachRule(int count, double ratio, bool valid)
    {
        var message = new NumbersOnly { Sparse = Sparse.Low, Signed = Signed.Zero, Count = count, Ratio = ratio, Note = "no rules" };

        MessageValidator.Validate(message).IsValid.Should().Be(valid);
        MessageValidator.For<NumbersOnly>().Validate(message).IsValid.Should().Be(valid);
    }

    public enum Sparse
    {
        Low = 0,
        Mid = 2,
        High = 5,
    }

    public enum Signed
    {
        MinusOne = -1,
        Zero = 0,
        One = 1,
    }
}

[ProtoContract(Name = "NumbersOnly")]
public sealed class NumbersOnly
{
    [ProtoMember(1, Name = "sparse")]
    public NumericRulesTests.Sparse Sparse { get; set; }

    [ProtoMember(2, Name = "signed")]
    public NumericRulesTests.Signed Signed { get; set; }

    [Range(1, 10)]
    [ProtoMember(3, Name = "count")]
    public int Count { get; set; }

    [Finite]
    [ProtoMember(4, Name = "ratio")]
    public double Ratio { get; set; }

    // No rules: it does not keep the other fields from being checked by one compiled predicate.
    [ProtoMember(5, Name = "note")]
    public string? Note { get; set; }
}
