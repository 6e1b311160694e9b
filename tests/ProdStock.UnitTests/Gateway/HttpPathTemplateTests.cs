using CodeFirst.AspNetCore.Gateway.Routing;

namespace ProdStock.UnitTests.Gateway;

public sealed class HttpPathTemplateTests
{
    [Fact]
    public void Parse_LiteralsAndVariable_ReadsSegmentsAndRoutePattern()
    {
        // Act
        var template = HttpPathTemplate.Parse("/v1/prod/{prod_id}");

        // Assert
        template.Text.Should().Be("/v1/prod/{prod_id}");
        template.Segments.Select(s => s.Literal).Should().Equal("v1", "prod", null);
        template.Segments.Select(s => s.IsVariable).Should().Equal(false, false, true);
        template.Variables.Should().ContainSingle().Which.Should().Equal("prod_id");
        template.Verb.Should().BeNull();
        template.ToRoutePattern().Should().Be("/v1/prod/{v0}");
    }

    [Fact]
    public void Parse_VariableWithSingleSegmentWildcard_IsAccepted()
    {
        // Act
        var template = HttpPathTemplate.Parse("/v1/prod/{prod_id=*}/info");

        // Assert
        template.Variables.Should().ContainSingle().Which.Should().Equal("prod_id");
        template.ToRoutePattern().Should().Be("/v1/prod/{v0}/info");
    }

    [Fact]
    public void Parse_NestedFieldPath_SplitsItIntoProtoNames()
    {
        // Act
        var template = HttpPathTemplate.Parse("/v1/orders/{order_main.user_id}/items/{order_main.order_id}");

        // Assert
        template.Variables.Should().HaveCount(2);
        template.Variables.First().Should().Equal("order_main", "user_id");
        template.Variables.Last().Should().Equal("order_main", "order_id");
        template.ToRoutePattern().Should().Be("/v1/orders/{v0}/items/{v1}");
    }

    [Fact]
    public void Parse_CustomVerb_IsSeparatedFromTheLastSegment()
    {
        // Act
        var template = HttpPathTemplate.Parse("/v1/users/scores:stream");

        // Assert
        template.Verb.Should().Be("stream");
        template.Segments.Select(s => s.Literal).Should().Equal("v1", "users", "scores");
        template.Variables.Should().BeEmpty();
        template.ToRoutePattern().Should().Be("/v1/users/scores:stream");
    }

    [Fact]
    public void Parse_CustomVerbAfterVariable_IsSeparatedFromTheVariable()
    {
        // Act
        var template = HttpPathTemplate.Parse("/v1/prod/{prod_id}:cancel");

        // Assert
        template.Verb.Should().Be("cancel");
        template.Variables.Should().ContainSingle().Which.Should().Equal("prod_id");
        template.ToRoutePattern().Should().Be("/v1/prod/{v0}:cancel");
    }

    [Fact]
    public void RouteValueName_Index_IsVFollowedByTheIndex()
    {
        // Act & Assert
        HttpPathTemplate.RouteValueName(0).Should().Be("v0");
        HttpPathTemplate.RouteValueName(12).Should().Be("v12");
    }

    [Theory]
    [InlineData("v1/prod")]
    [InlineData("v1/prod/{prod_id}")]
    [InlineData("/v1/{name=a/*}")]
    [InlineData("/v1/{name=**}")]
    [InlineData("/v1/{name=a}")]
    [InlineData("/v1/**")]
    [InlineData("/v1/*")]
    [InlineData("/v1//prod")]
    [InlineData("/v1/prod/")]
    [InlineData("/")]
    [InlineData("/v1/pr od")]
    [InlineData("/v1/prod?x=1")]
    [InlineData("/v1/pröd")]
    [InlineData("/v1/{prod id}")]
    [InlineData("/v1/{prod-id}")]
    [InlineData("/v1/{}")]
    [InlineData("/v1/{order_main.}")]
    [InlineData("/v1/{.user_id}")]
    [InlineData("/v1/{prod_id")]
    [InlineData("/v1/x{prod_id}")]
    [InlineData("/v1/prod:")]
    [InlineData("/v1/prod:st ream")]
    [InlineData("/v1/{prod_id}/{prod_id}")]
    [InlineData("/v1/{prod_id}/x/{prod_id=*}")]
    [InlineData("/v1/{order_main.user_id}/{order_main.user_id}")]
    public void Parse_InvalidTemplate_ThrowsFormatExceptionNamingTheTemplate(string text)
    {
        // Act
        var act = () => HttpPathTemplate.Parse(text);

        // Assert
        act.Should().Throw<FormatException>().WithMessage($"The HTTP path template '{text}' is not valid: *");
    }

    [Theory]
    [InlineData("/v1/{name=**}", "*binds more than one segment*")]
    [InlineData("v1/prod", "*must start with '/'*")]
    [InlineData("/v1/{prod_id}/{prod_id}", "*a field is bound twice*")]
    [InlineData("/v1/prod:", "*the verb '' must be a literal*")]
    [InlineData("/v1//prod", "*the segment '' is neither a literal nor a {field} variable*")]
    [InlineData("/v1/{prod-id}", "*'prod-id' is not a field path*")]
    public void Parse_InvalidTemplate_SaysWhatIsWrong(string text, string expected)
    {
        // Act
        var act = () => HttpPathTemplate.Parse(text);

        // Assert
        act.Should().Throw<FormatException>().WithMessage(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_EmptyTemplate_ThrowsArgumentException(string text)
    {
        // Act
        var act = () => HttpPathTemplate.Parse(text);

        // Assert
        act.Should().Throw<ArgumentException>();
    }
}
