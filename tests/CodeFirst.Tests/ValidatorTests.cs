using CodeFirst.Validation;

namespace CodeFirst.Tests;

public sealed class ValidatorTests
{
    [Fact]
    public void Validate_ValidBook_HasNoViolations()
    {
        MessageValidator.Validate(new Book { Isbn = "9780141439518", Title = "Emma", Price = 3, Genre = Genre.Novel }).IsValid.Should().BeTrue();
    }

    [Theory]
    [InlineData("978", "Emma", 3d, Genre.Novel, 0, "isbn", "value does not match regex pattern \"^[0-9]{13}$\"")]
    [InlineData("9780141439518", "", 3d, Genre.Novel, 0, "title", "value length must be between 1 and 200 runes, inclusive")]
    [InlineData("9780141439518", "Emma", double.NaN, Genre.Novel, 0, "price", "value must be a finite number")]
    [InlineData("9780141439518", "Emma", 10_001d, Genre.Novel, 0, "price", "value must be inside range [0, 10000]")]
    [InlineData("9780141439518", "Emma", 3d, (Genre)7, 0, "genre", "value must be one of the defined enum values")]
    [InlineData("9780141439518", "Emma", 3d, Genre.Novel, 6, "authors", "value must contain no more than 5 item(s)")]
    public void Validate_RuleBroken_NamesTheFieldInProtocGenValidateWording(string isbn, string title, double price, Genre genre, int authors, string field, string problem)
    {
        var book = new Book { Isbn = isbn, Title = title, Price = price, Genre = genre, Authors = [.. Enumerable.Repeat("A", authors)] };

        var result = MessageValidator.Validate(book);

        result.Violations.Should().ContainSingle().Which.Should().Be(new FieldViolation(field, problem));
        result.Message.Should().Be($"invalid Book.{field}: {problem}");
    }
}
