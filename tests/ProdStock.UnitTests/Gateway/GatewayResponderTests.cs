using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ProdStock.Contracts;
using ProdStock.Host.Configuration;
using CodeFirst.AspNetCore.Gateway;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Gateway;

public sealed class GatewayResponderTests
{
    private readonly GatewayResponder _responder = new(Options.Create(new CodeFirst.AspNetCore.RestGatewayOptions()));

    [Fact]
    public async Task WriteMessageAsync_AfterAWriteThatFailedHalfway_WritesACompleteDocument()
    {
        var failed = NewContext();
        var act = () => _responder.WriteLineAsync(failed, writer =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("half");
            throw new InvalidOperationException("boom");
        }).DefaultTimeout();
        await act.Should().ThrowAsync<InvalidOperationException>();

        var next = NewContext();
        await _responder.WriteMessageAsync(next, new ProdResponse { ProdId = 5, ProdStock = 7 }).DefaultTimeout();

        using var document = JsonDocument.Parse(Body(next));
        document.RootElement.GetProperty("prod_id").GetInt32().Should().Be(5);
        document.RootElement.GetProperty("prod_stock").GetInt32().Should().Be(7);
    }

    [Fact]
    public async Task WriteMessageAsync_TwoResponsesOnOneThread_EachGetsOnlyItsOwnJson()
    {
        var first = NewContext();
        var second = NewContext();

        await _responder.WriteMessageAsync(first, new ProdResponse { ProdId = 1, ProdStock = 10 }).DefaultTimeout();
        await _responder.WriteMessageAsync(second, new ProdResponse { ProdId = 2, ProdStock = 20 }).DefaultTimeout();

        Body(first).Should().Be("""{"prod_stock":10,"prod_id":1}""");
        Body(second).Should().Be("""{"prod_stock":20,"prod_id":2}""");
    }

    [Fact]
    public async Task WriteErrorAsync_MessageWithApostropheAndNonAscii_WritesThemUnescaped()
    {
        var context = NewContext();

        await _responder.WriteErrorAsync(context, new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.AlreadyExists, "order_no 'A-1' is used, café <b>"))).DefaultTimeout();

        Body(context).Should().Contain("order_no 'A-1' is used, café <b>").And.NotContain("\\u0027");
        JsonDocument.Parse(Body(context)).RootElement.GetProperty("message").GetString().Should().Be("order_no 'A-1' is used, café <b>");
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
