using System.ServiceModel;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Gateway.Binding;
using CodeFirst.AspNetCore.Gateway.Errors;
using CodeFirst.AspNetCore.Gateway.Routing;
using ProdStock.UnitTests.Infrastructure;
using ProtoBuf;
using ProtoBuf.Grpc;
using CodeFirst.Http;

namespace ProdStock.UnitTests.Gateway;

public sealed class GatewayRequestBinderTests
{
    private const long Limit = CodeFirst.AspNetCore.RestGatewayOptions.DefaultMaxRequestBodySize;

    private static readonly IReadOnlyDictionary<string, GatewayRoute> Routes =
        GatewayRouteTable.Build([typeof(ITestService)]).Routes.ToDictionary(r => r.Operation.MethodName);

    [Fact]
    public async Task BindAsync_WholeBody_BindsTheBodyAndIgnoresTheQuery()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7", query: "?name=fromQuery&tags=9&prod_area=C",
            body: """{"name":"fromBody","tags":[1,2],"inner":{"name":"i","level":3},"prodArea":"B","created_at":"2026-11-25T10:30:15+02:00"}""",
            routeValues: ["7"]);

        // Act
        var request = await Bind("Replace", http);

        // Assert
        request.ProdId.Should().Be(7);
        request.Name.Should().Be("fromBody");
        request.Tags.Should().Equal(1, 2);
        request.Inner.Should().BeEquivalentTo(new Thing { Name = "i", Level = 3 });
        request.ProdArea.Should().Be(ProdAreas.B);
        request.CreatedAt.Should().Be(new DateTime(2026, 11, 25, 8, 30, 15, DateTimeKind.Utc));
    }

    [Fact]
    public async Task BindAsync_PathVariableAndWholeBody_PathOverridesTheBody()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7", body: """{"prod_id":5,"name":"n"}""", routeValues: ["7"]);

        // Act
        var request = await Bind("Replace", http);

        // Assert
        request.ProdId.Should().Be(7);
        request.Name.Should().Be("n");
    }

    [Fact]
    public async Task BindAsync_FieldBody_BindsThatFieldAndTheOthersFromTheQuery()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7/inner/9", query: "?name=q&tags=1&tags=2&inner.name=ignored&big_count=12",
            body: """{"name":"x","level":1}""", routeValues: ["7", "9"]);

        // Act
        var request = await Bind("SetInner", http);

        // Assert
        request.ProdId.Should().Be(7);
        request.Inner.Should().BeEquivalentTo(new Thing { Name = "x", Level = 9 }, "the body binds inner, and the path variable inner.level overrides it");
        request.Name.Should().Be("q");
        request.Tags.Should().Equal(1, 2);
        request.BigCount.Should().Be(12);
    }

    [Fact]
    public async Task BindAsync_FieldBodyIgnoresOtherFieldsInTheBody_BindsOnlyTheBodyField()
    {
        // Arrange: the body is the value of inner, so "prod_id" and "name" here are fields of Thing, not of the request
        var http = Request("POST", "/v1/things/7/inner/9", body: """{"name":"x","prod_id":5}""", routeValues: ["7", "9"]);

        // Act
        var request = await Bind("SetInner", http);

        // Assert
        request.Name.Should().BeEmpty();
        request.ProdId.Should().Be(7);
        request.Inner!.Name.Should().Be("x");
    }

    [Fact]
    public async Task BindAsync_RepeatedFieldBody_BindsTheArray()
    {
        // Arrange
        var http = Request("PUT", "/v1/things/3/tags", query: "?name=q", body: "[4,5,6]", routeValues: ["3"]);

        // Act
        var request = await Bind("SetTags", http);

        // Assert
        request.Tags.Should().Equal(4, 5, 6);
        request.Name.Should().Be("q");
        request.ProdId.Should().Be(3);
    }

    [Fact]
    public async Task BindAsync_QueryOnly_BindsScalarsRepeatedNestedAndEnums()
    {
        // Arrange
        var http = Request("GET", "/v1/things",
            query: "?tags=1&tags=2&inner.name=x&inner.level=4&prodArea=B&big_count=-12&name=a%20b&created_at=2026-11-25T08:30:15Z&unknown=1&inner.unknown=2");

        // Act
        var request = await Bind("List", http);

        // Assert
        request.Tags.Should().Equal(1, 2);
        request.Inner.Should().BeEquivalentTo(new Thing { Name = "x", Level = 4 });
        request.ProdArea.Should().Be(ProdAreas.B);
        request.BigCount.Should().Be(-12);
        request.Name.Should().Be("a b");
        request.CreatedAt.Should().Be(new DateTime(2026, 11, 25, 8, 30, 15, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData("?prod_area=C", ProdAreas.C)]
    [InlineData("?prod_area=2", ProdAreas.C)]
    [InlineData("?prodArea=1", ProdAreas.B)]
    [InlineData("?prodArea=A", ProdAreas.A)]
    public async Task BindAsync_EnumInQuery_AcceptsNamesAndNumbers(string query, ProdAreas expected)
    {
        // Arrange
        var http = Request("GET", "/v1/things", query: query);

        // Act
        var request = await Bind("List", http);

        // Assert
        request.ProdArea.Should().Be(expected);
    }

    [Fact]
    public async Task BindAsync_QueryForAPathVariable_KeepsThePathValue()
    {
        // Arrange
        var http = Request("GET", "/v1/things/7", query: "?prod_id=8&prodId=9&name=n", routeValues: ["7"]);

        // Act
        var request = await Bind("Get", http);

        // Assert
        request.ProdId.Should().Be(7);
        request.Name.Should().Be("n");
    }

    [Fact]
    public async Task BindAsync_EscapedPathValue_IsUnescaped()
    {
        // Arrange: ASP.NET Core leaves an encoded '/' escaped in the route value
        var http = Request("GET", "/v1/things/by-name/a%2Fb", routeValues: ["a%2Fb"]);

        // Act
        var request = await Bind("GetByName", http);

        // Assert
        request.Name.Should().Be("a/b");
    }

    [Fact]
    public async Task BindAsync_NonNumericPathValue_ThrowsInvalidArgumentNamingTheField()
    {
        // Arrange
        var http = Request("GET", "/v1/things/abc", routeValues: ["abc"]);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("Get", http));

        // Assert
        thrown.Status.Detail.Should().Be("invalid BindRequest.prod_id: 'abc' is not a valid int32");
    }

    [Fact]
    public async Task BindAsync_MalformedJsonBody_ThrowsInvalidArgument()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7", body: """{"name":"x",""", routeValues: ["7"]);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("Replace", http));

        // Assert
        thrown.Status.Detail.Should().StartWith("invalid BindRequest: the request body is not valid JSON");
    }

    [Fact]
    public async Task BindAsync_MalformedJsonFieldBody_ThrowsInvalidArgumentNamingTheField()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7/inner/9", body: """{"name":""", routeValues: ["7", "9"]);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("SetInner", http));

        // Assert
        thrown.Status.Detail.Should().StartWith("invalid BindRequest.inner: the request body is not valid JSON");
    }

    [Fact]
    public async Task BindAsync_InvalidValueInFieldBody_ThrowsInvalidArgumentNamingTheNestedField()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7/inner/9", body: """{"name":5}""", routeValues: ["7", "9"]);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("SetInner", http));

        // Assert
        thrown.Status.Detail.Should().StartWith("invalid BindRequest.inner.name: ");
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public async Task BindAsync_WholeBodyNotAnObject_ThrowsInvalidArgument(string body)
    {
        // Arrange
        var http = Request("POST", "/v1/things/7", body: body, routeValues: ["7"]);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("Replace", http));

        // Assert
        thrown.Status.Detail.Should().Be("invalid BindRequest: the request body must be a JSON object");
    }

    [Fact]
    public async Task BindAsync_ContentAfterTheBody_ThrowsInvalidArgument()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7", body: """{"name":"a"} {"name":"b"}""", routeValues: ["7"]);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("Replace", http));

        // Assert
        thrown.Status.Detail.Should().StartWith("invalid BindRequest: ");
    }

    [Fact]
    public async Task BindAsync_EmptyBody_LeavesDefaultsAndBindsThePath()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7", body: "", routeValues: ["7"]);

        // Act
        var request = await Bind("Replace", http);

        // Assert
        request.Should().BeEquivalentTo(new BindRequest { ProdId = 7 });
    }

    [Fact]
    public async Task BindAsync_NullFieldBody_LeavesTheFieldUnset()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7/inner/9", body: "null", routeValues: ["7", "9"]);

        // Act
        var request = await Bind("SetInner", http);

        // Assert
        request.Inner.Should().BeEquivalentTo(new Thing { Level = 9 }, "the path variable inner.level creates inner");
    }

    [Fact]
    public async Task BindAsync_MessageFieldInQuery_ThrowsInvalidArgument()
    {
        // Arrange
        var http = Request("GET", "/v1/things", query: "?inner=x");

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("List", http));

        // Assert
        thrown.Status.Detail.Should().StartWith("invalid BindRequest.inner: a message field cannot be set from the query string");
    }

    [Fact]
    public async Task BindAsync_TwoValuesForASingleQueryField_ThrowsInvalidArgument()
    {
        // Arrange
        var http = Request("GET", "/v1/things", query: "?name=a&name=b");

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("List", http));

        // Assert
        thrown.Status.Detail.Should().Be("invalid BindRequest.name: the field takes one value but the query string gives several");
    }

    [Theory]
    [InlineData("?tags=1&tags=x", "invalid BindRequest.tags: 'x' is not a valid int32")]
    [InlineData("?prod_area=D", "invalid BindRequest.prod_area: 'D' is not a valid ProdAreas*")]
    [InlineData("?inner.level=1.5", "invalid BindRequest.inner.level: '1.5' is not a valid int32")]
    [InlineData("?big_count=", "invalid BindRequest.big_count: '' is not a valid int64")]
    [InlineData("?created_at=yesterday", "invalid BindRequest.created_at: 'yesterday' is not a valid timestamp*")]
    public async Task BindAsync_InvalidQueryValue_ThrowsInvalidArgumentNamingTheField(string query, string expected)
    {
        // Arrange
        var http = Request("GET", "/v1/things", query: query);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument, () => Bind("List", http));

        // Assert
        thrown.Status.Detail.Should().Match(expected);
    }

    [Fact]
    public async Task BindAsync_BodyOverTheLimit_IsRefused413ResourceExhaustedNamingTheRoute()
    {
        // Arrange
        var http = Request("POST", "/v1/things/7", body: "{\"name\":\"" + new string('n', 200) + "\"}", routeValues: ["7"]);

        // Act
        var act = () => GatewayRequestBinder.BindAsync(Routes["Replace"], http.Request, 100, "POST /v1/things/{prod_id}", Timeout.InfiniteTimeSpan, CancellationToken.None).AsTask().DefaultTimeout();

        // Assert
        var refused = (await act.Should().ThrowAsync<GatewayRequestRefusedException>()).Which;
        refused.HttpStatus.Should().Be(413);
        refused.Error.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        refused.Error.Status.Detail.Should().Be("the request body is larger than 100 bytes, the most POST /v1/things/{prod_id} accepts");
    }

    [Fact]
    public async Task BindAsync_RealGetProdStockRoute_BindsPathAndJsonNamedQuery()
    {
        // Arrange
        var route = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes.Single(r => r.FullMethodName == "services.ProdService/GetProdStock");
        var http = Request("GET", "/v1/prod/42", query: "?prodArea=B", routeValues: ["42"]);

        // Act
        var request = await GatewayRequestBinder.BindAsync(route, http.Request, Limit, "POST /test", Timeout.InfiniteTimeSpan, CancellationToken.None).DefaultTimeout();

        // Assert
        request.Should().BeOfType<ProdRequest>().Which.Should().BeEquivalentTo(new ProdRequest { ProdId = 42, ProdArea = ProdAreas.B });
    }

    [Fact]
    public async Task BindAsync_RealGetProdStockRouteWithNonNumericId_ThrowsInvalidArgument()
    {
        // Arrange
        var route = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes.Single(r => r.FullMethodName == "services.ProdService/GetProdStock");
        var http = Request("GET", "/v1/prod/abc", routeValues: ["abc"]);

        // Act
        var thrown = await RpcAssert.ThrowsAsync(StatusCode.InvalidArgument,
            () => GatewayRequestBinder.BindAsync(route, http.Request, Limit, "POST /test", Timeout.InfiniteTimeSpan, CancellationToken.None));

        // Assert
        thrown.Status.Detail.Should().Be("invalid ProdRequest.prod_id: 'abc' is not a valid int32");
    }

    [Fact]
    public async Task BindAsync_RealNewOrderRoute_BindsTheOrderMainBody()
    {
        // Arrange
        var route = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes.Single(r => r.FullMethodName == "services.OrderService/NewOrder");
        var http = Request("POST", "/v1/orders",
            body: """{"order_id":1,"orderNo":"N-1","user_id":2,"order_money":19.99,"order_time":"2026-11-25T10:30:15+02:00"}""");

        // Act
        var request = await GatewayRequestBinder.BindAsync(route, http.Request, Limit, "POST /test", Timeout.InfiniteTimeSpan, CancellationToken.None).DefaultTimeout();

        // Assert
        request.Should().BeOfType<OrderRequest>().Which.OrderMain.Should().BeEquivalentTo(new OrderMain
        {
            OrderId = 1,
            OrderNo = "N-1",
            UserId = 2,
            OrderMoney = 19.99f,
            OrderTime = new DateTime(2026, 11, 25, 8, 30, 15, DateTimeKind.Utc),
        });
    }

    [Fact]
    public async Task BindAsync_RealGetUserScoreRoute_BindsTheWholeBody()
    {
        // Arrange
        var route = GatewayRouteTable.Build(ProdStock.Contracts.ProdStockContracts.ServiceContracts).Routes.Single(r => r.FullMethodName == "services.UserService/GetUserScore");
        var http = Request("POST", "/v1/users/scores", body: """{"users":[{"user_id":1},{"userId":2,"user_score":"3"}]}""");

        // Act
        var request = await GatewayRequestBinder.BindAsync(route, http.Request, Limit, "POST /test", Timeout.InfiniteTimeSpan, CancellationToken.None).DefaultTimeout();

        // Assert
        request.Should().BeOfType<UserScoreRequest>().Which.Users.Should().BeEquivalentTo(
            new[] { new UserInfo { UserId = 1 }, new UserInfo { UserId = 2, UserScore = 3 } }, options => options.WithStrictOrdering());
    }

    [ServiceContract(Name = "services.TestService")]
    public interface ITestService
    {
        [HttpRoute("POST", "/v1/things/{prod_id}", Body = "*")]
        ValueTask<BindRequest> ReplaceAsync(BindRequest request, CallContext context = default);

        [HttpRoute("POST", "/v1/things/{prod_id}/inner/{inner.level}", Body = "inner")]
        ValueTask<BindRequest> SetInnerAsync(BindRequest request, CallContext context = default);

        [HttpRoute("PUT", "/v1/things/{prod_id}/tags", Body = "tags")]
        ValueTask<BindRequest> SetTagsAsync(BindRequest request, CallContext context = default);

        [HttpRoute("GET", "/v1/things/{prod_id}")]
        ValueTask<BindRequest> GetAsync(BindRequest request, CallContext context = default);

        [HttpRoute("GET", "/v1/things/by-name/{name}")]
        ValueTask<BindRequest> GetByNameAsync(BindRequest request, CallContext context = default);

        [HttpRoute("GET", "/v1/things")]
        ValueTask<BindRequest> ListAsync(BindRequest request, CallContext context = default);
    }

    [ProtoContract(Name = "BindRequest")]
    [CompatibilityLevel(CompatibilityLevel.Level300)]
    public sealed class BindRequest
    {
        [ProtoMember(1, Name = "prod_id")]
        public int ProdId { get; set; }

        [ProtoMember(2, Name = "prod_area")]
        public ProdAreas ProdArea { get; set; }

        [ProtoMember(3, Name = "name")]
        public string Name { get; set; } = "";

        [ProtoMember(4, Name = "tags")]
        public List<int> Tags { get; set; } = [];

        [ProtoMember(5, Name = "inner")]
        public Thing? Inner { get; set; }

        [ProtoMember(6, Name = "big_count")]
        public long BigCount { get; set; }

        [ProtoMember(7, Name = "created_at")]
        public DateTime? CreatedAt { get; set; }

        [ProtoMember(8, Name = "things")]
        public List<Thing> Things { get; set; } = [];
    }

    [ProtoContract(Name = "Thing")]
    public sealed class Thing
    {
        [ProtoMember(1, Name = "name")]
        public string Name { get; set; } = "";

        [ProtoMember(2, Name = "level")]
        public int Level { get; set; }
    }

    private static async Task<BindRequest> Bind(string method, DefaultHttpContext http) =>
        (BindRequest)await GatewayRequestBinder.BindAsync(Routes[method], http.Request, Limit, "POST /test", Timeout.InfiniteTimeSpan, CancellationToken.None).DefaultTimeout();

    private static DefaultHttpContext Request(string method, string path, string? query = null, string? body = null, string[]? routeValues = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        if (query is not null)
        {
            http.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            http.Request.Body = new MemoryStream(bytes);
            http.Request.ContentLength = bytes.Length;
            http.Request.ContentType = "application/json";
        }

        for (var i = 0; i < (routeValues?.Length ?? 0); i++)
        {
            http.Request.RouteValues[HttpPathTemplate.RouteValueName(i)] = routeValues![i];
        }

        return http;
    }
}
