using ProdStock.Contracts;
using ProdStock.Services.Storage;
using ProdStock.Services.Storage.Postgres;

namespace ProdStock.UnitTests.Storage.Postgres;

public sealed class StockChangeNotificationTests
{
    [Fact]
    public void Parse_Levels_ReadsEachInOrder()
    {
        StockChangeNotification.Parse("12:1:40:3,7:0:0:11").Should().Equal(
            new StockLevel(12, ProdAreas.B, 40, 3), new StockLevel(7, ProdAreas.A, 0, 11));
    }

    [Fact]
    public void Parse_LargestValues_AreRead()
    {
        StockChangeNotification.Parse($"{int.MaxValue}:2:{int.MaxValue}:{long.MaxValue}").Should().Equal(
            new StockLevel(int.MaxValue, ProdAreas.C, int.MaxValue, long.MaxValue));
    }

    [Fact]
    public void Parse_WithDatabaseClock_ReadsTheTimeAndTheLevels()
    {
        var levels = StockChangeNotification.Parse("@1765000000123/12:1:40:3", out var changedAt);

        levels.Should().Equal(new StockLevel(12, ProdAreas.B, 40, 3));
        changedAt.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1765000000123));
    }

    [Fact]
    public void Parse_WithoutClock_HasNoTime()
    {
        StockChangeNotification.Parse("12:1:40:3", out var changedAt).Should().ContainSingle();
        changedAt.Should().BeNull();
    }

    [Theory]
    [InlineData("@/1:1:1:1")]
    [InlineData("@12x/1:1:1:1")]
    [InlineData("@123")]
    [InlineData("@123/")]
    [InlineData("reload")]
    [InlineData("")]
    [InlineData("1:1:1")]
    [InlineData("1:3:1:1")]
    [InlineData("1:1:-1:1")]
    [InlineData("1:1:1:0")]
    [InlineData("x:1:1:1")]
    [InlineData("1:1:1:1,")]
    public void Parse_ReloadOrUnreadable_ReturnsNullSoTheHostReloads(string payload)
    {
        StockChangeNotification.Parse(payload).Should().BeNull();
    }
}
