using System.ServiceModel;
using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Gateway.Routing;
using ProtoBuf.Grpc;
using static ProdStock.UnitTests.Gateway.GatewayTestMessages;
using CodeFirst.Http;

namespace ProdStock.UnitTests.Gateway;

public sealed class GatewayRouteTableTests
{
    [Fact]
    public void Default_ProdStockContracts_HasExactlyTheDeclaredRoutes()
    {
        // Act
        var routes = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes
            .Select(r => (r.Rule.Method, r.Rule.PathTemplate, r.Rule.Body, r.FullMethodName, r.Operation.Kind))
            .ToList();

        // Assert
        routes.Should().BeEquivalentTo(new (string, string, string?, string, MethodType)[]
        {
            ("GET", "/v1/prod/{prod_id}", null, "services.ProdService/GetProdStock", MethodType.Unary),
            ("GET", "/v1/prod", null, "services.ProdService/GetProdStocks", MethodType.Unary),
            ("GET", "/v1/prod/{prod_id}/info", null, "services.ProdService/GetProdInfo", MethodType.Unary),
            ("POST", "/v1/orders", "order_main", "services.OrderService/NewOrder", MethodType.Unary),
            ("POST", "/v1/users/scores", "*", "services.UserService/GetUserScore", MethodType.Unary),
            ("POST", "/v1/users/scores:stream", "*", "services.UserService/GetUserScoreByServerStream", MethodType.ServerStreaming),
            ("POST", "/v1/users/scores:collect", "*", "services.UserService/GetUserScoreByClientStream", MethodType.ClientStreaming),
            ("POST", "/v1/stock:adjust", "*", "services.InventoryService/AdjustStock", MethodType.Unary),
        });
    }

    [Fact]
    public void Default_ProdStockContracts_ResolvesMessagesBodiesAndPatterns()
    {
        // Arrange
        var routes = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes.ToDictionary(r => r.FullMethodName);

        // Act
        var getStock = routes["services.ProdService/GetProdStock"];
        var getInfo = routes["services.ProdService/GetProdInfo"];
        var newOrder = routes["services.OrderService/NewOrder"];
        var getScore = routes["services.UserService/GetUserScore"];
        var stream = routes["services.UserService/GetUserScoreByServerStream"];

        // Assert
        getStock.Request.ClrType.Should().Be<ProdRequest>();
        getStock.Response.ClrType.Should().Be<ProdResponse>();
        getStock.Template.ToRoutePattern().Should().Be("/v1/prod/{v0}");
        getStock.HasBody.Should().BeFalse();
        getInfo.Template.ToRoutePattern().Should().Be("/v1/prod/{v0}/info");
        getInfo.Response.ClrType.Should().Be<ProdModel>();
        newOrder.BodyField!.ProtoName.Should().Be("order_main");
        newOrder.BodyIsWholeMessage.Should().BeFalse();
        getScore.BodyIsWholeMessage.Should().BeTrue();
        getScore.BodyField.Should().BeNull();
        stream.Template.ToRoutePattern().Should().Be("/v1/users/scores:stream");
        stream.Template.Verb.Should().Be("stream");
    }

    [Fact]
    public void Default_DuplexMethod_HasNoRoute()
    {
        // Act
        var names = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes.Select(r => r.Operation.MethodName);

        // Assert
        names.Should().NotContain("GetUserScoreByDoubleEndStream");
    }

    [Fact]
    public void Build_ValidContract_ReadsOnlyTheMethodsWithARoute()
    {
        // Act
        var table = GatewayRouteTable.Build([typeof(IValidService)]);

        // Assert
        table.Routes.Select(r => (r.Rule.Method, r.Template.ToRoutePattern(), r.FullMethodName)).Should().Equal(
            ("GET", "/v1/samples/{v0}", "services.TestService/Get"),
            ("PATCH", "/v1/samples/{v0}/inner", "services.TestService/Patch"),
            ("DELETE", "/v1/samples/{v0}", "services.TestService/Delete"));
        var patch = table.Routes[1];
        patch.BodyField!.ProtoName.Should().Be("inner");
        patch.ResponseBodyField!.ProtoName.Should().Be("items");
    }

    [Fact]
    public void Build_PathVariableNotAField_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IUnknownVariableService)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage(
            "The HTTP route of services.TestService/Get (GET /v1/samples/{sample_id}) is not valid: the path variable 'sample_id' is not a field of Sample.");
    }

    [Fact]
    public void Build_NestedPathVariableNotAField_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IUnknownNestedVariableService)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage("*the path variable 'inner.missing' is not a field of Sample*");
    }

    [Fact]
    public void Build_PathVariableOfMessageOrRepeatedField_ThrowsFormatException()
    {
        // Act
        var message = () => GatewayRouteTable.Build([typeof(IMessageVariableService)]);
        var repeated = () => GatewayRouteTable.Build([typeof(IRepeatedVariableService)]);

        // Assert
        message.Should().Throw<FormatException>().WithMessage("*the path variable 'inner' must be a single scalar field*");
        repeated.Should().Throw<FormatException>().WithMessage("*the path variable 'tags' must be a single scalar field*");
    }

    [Fact]
    public void Build_BodyNamingAnUnknownField_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IUnknownBodyService)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage(
            "The HTTP route of services.TestService/Post (POST /v1/samples) is not valid: the body 'missing' is not a field of Sample.");
    }

    [Fact]
    public void Build_ResponseBodyNamingAnUnknownField_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IUnknownResponseBodyService)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage("*the response_body 'missing' is not a field of Sample*");
    }

    [Fact]
    public void Build_DuplexMethodWithARoute_ThrowsNotSupportedException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IDuplexService)]);

        // Assert
        act.Should().Throw<NotSupportedException>().WithMessage("services.TestService/Chat is duplex streaming*");
    }

    [Fact]
    public void Build_ClientStreamingWithoutWholeBody_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IClientStreamingFieldBodyService)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage("*a client-streaming method reads whole messages from the body*");
    }

    [Fact]
    public void Build_UnsupportedHttpMethod_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IHeadService)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage("*'HEAD' is not an HTTP method the gateway serves*");
    }

    [Fact]
    public void Build_TwoMethodsWithTheSameVerbAndPath_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IDuplicateRouteService)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage(
            "GET /v1/samples/{v0} is declared by services.TestService/First and services.TestService/Second.");
    }

    [Fact]
    public void Build_SameVerbAndPathInTwoContracts_ThrowsFormatException()
    {
        // Act
        var act = () => GatewayRouteTable.Build([typeof(IValidService), typeof(IOtherServiceOnTheSamePath)]);

        // Assert
        act.Should().Throw<FormatException>().WithMessage("DELETE /v1/samples/{v0} is declared by services.TestService/Delete and services.OtherService/Remove.");
    }

    [Fact]
    public void Build_SamePathWithDifferentVerbs_IsAccepted()
    {
        // Act
        var table = GatewayRouteTable.Build([typeof(IValidService)]);

        // Assert
        table.Routes.Select(r => r.Template.ToRoutePattern()).Should().Contain("/v1/samples/{v0}").And.HaveCount(3);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IValidService
    {
        [HttpRoute("get", "/v1/samples/{count}")]
        ValueTask<Sample> GetAsync(Sample request, CallContext context = default);

        [HttpRoute("PATCH", "/v1/samples/{count}/inner", Body = "inner", ResponseBody = "items")]
        ValueTask<Sample> PatchAsync(Sample request, CallContext context = default);

        [HttpRoute("DELETE", "/v1/samples/{count}")]
        ValueTask<Sample> DeleteAsync(Sample request, CallContext context = default);

        ValueTask<Sample> NotExposedAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.OtherService")]
    public interface IOtherServiceOnTheSamePath
    {
        [HttpRoute("DELETE", "/v1/samples/{display_name}")]
        ValueTask<Sample> RemoveAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IUnknownVariableService
    {
        [HttpRoute("GET", "/v1/samples/{sample_id}")]
        ValueTask<Sample> GetAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IUnknownNestedVariableService
    {
        [HttpRoute("GET", "/v1/samples/{inner.missing}")]
        ValueTask<Sample> GetAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IMessageVariableService
    {
        [HttpRoute("GET", "/v1/samples/{inner}")]
        ValueTask<Sample> GetAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IRepeatedVariableService
    {
        [HttpRoute("GET", "/v1/samples/{tags}")]
        ValueTask<Sample> GetAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IUnknownBodyService
    {
        [HttpRoute("POST", "/v1/samples", Body = "missing")]
        ValueTask<Sample> PostAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IUnknownResponseBodyService
    {
        [HttpRoute("POST", "/v1/samples", Body = "*", ResponseBody = "missing")]
        ValueTask<Sample> PostAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IDuplexService
    {
        [HttpRoute("POST", "/v1/samples:chat", Body = "*")]
        IAsyncEnumerable<Sample> ChatAsync(IAsyncEnumerable<Sample> requests, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IClientStreamingFieldBodyService
    {
        [HttpRoute("POST", "/v1/samples:collect", Body = "inner")]
        ValueTask<Sample> CollectAsync(IAsyncEnumerable<Sample> requests, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IHeadService
    {
        [HttpRoute("HEAD", "/v1/samples")]
        ValueTask<Sample> HeadAsync(Sample request, CallContext context = default);
    }

    [ServiceContract(Name = "services.TestService")]
    public interface IDuplicateRouteService
    {
        [HttpRoute("GET", "/v1/samples/{count}")]
        ValueTask<Sample> FirstAsync(Sample request, CallContext context = default);

        [HttpRoute("GET", "/v1/samples/{display_name=*}")]
        ValueTask<Sample> SecondAsync(Sample request, CallContext context = default);
    }
}
