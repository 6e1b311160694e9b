using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.UnitTests.Storage;

public sealed class DemoDataSetTests
{
    [Fact]
    public void Products_CalledTwice_ReturnsEqualValues()
    {
        // Act
        var first = DemoDataSet.Products().ToList();
        var second = DemoDataSet.Products().ToList();

        // Assert
        second.Should().BeEquivalentTo(first, o => o.ComparingRecordsByMembers().WithStrictOrdering());
    }

    [Fact]
    public void Products_Always_HaveIdsOneToThousandInOrder()
    {
        // Act
        var ids = DemoDataSet.Products().Select(p => p.ProdId);

        // Assert
        ids.Should().Equal(Enumerable.Range(1, 1000));
        DemoDataSet.ProductCount.Should().Be(1000);
    }

    [Fact]
    public void Products_Always_HaveNonEmptyVariedNames()
    {
        // Act
        var names = DemoDataSet.Products().Select(p => p.Name).ToList();

        // Assert
        names.Should().OnlyContain(name => !string.IsNullOrWhiteSpace(name));
        names.Distinct().Count().Should().BeGreaterThan(100);
    }

    [Fact]
    public void Products_Always_HavePositivePricesWithAtMostTwoDecimals()
    {
        // Act
        var prices = DemoDataSet.Products().Select(p => p.Price).ToList();

        // Assert
        prices.Should().OnlyContain(price => price > 0);
        prices.Should().OnlyContain(price => decimal.Round((decimal)price, 2) == (decimal)price);
        prices.Distinct().Count().Should().BeGreaterThan(100);
    }

    [Fact]
    public void Products_Always_HaveOneNonNegativeStockPerArea()
    {
        // Act
        var products = DemoDataSet.Products().ToList();

        // Assert
        products.Should().OnlyContain(p => p.Stock.Select(s => s.Area).OrderBy(a => a).SequenceEqual(Enum.GetValues<ProdAreas>()));
        products.Should().OnlyContain(p => p.Stock.All(s => s.Quantity >= 0));
    }

    [Fact]
    public void Product_SameIdTwice_ReturnsEqualValues()
    {
        // Act
        var first = DemoDataSet.Product(321);
        var second = DemoDataSet.Product(321);

        // Assert
        second.Should().BeEquivalentTo(first, o => o.ComparingRecordsByMembers());
        first!.ProdId.Should().Be(321);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Product_IdOutsideRange_ReturnsNull(int prodId)
    {
        // Act
        var product = DemoDataSet.Product(prodId);

        // Assert
        product.Should().BeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(5000)]
    public void Score_UserOutsideRange_ReturnsZero(int userId)
    {
        // Act
        var score = DemoDataSet.Score(userId);

        // Assert
        score.Should().Be(0);
    }

    [Fact]
    public void UserScores_Always_AreThousandPositiveScoresEqualToScore()
    {
        // Act
        var scores = DemoDataSet.UserScores().ToList();

        // Assert
        scores.Select(s => s.UserId).Should().Equal(Enumerable.Range(1, 1000));
        scores.Should().OnlyContain(s => s.Score > 0 && s.Score == DemoDataSet.Score(s.UserId));
        scores.Select(s => s.Score).Distinct().Count().Should().BeGreaterThan(100);
    }
}
