using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grpc.Core;
using ProdStock.ClientSdk;
using ProdStock.Contracts;
using CodeFirst.Validation;
using ProdStock.Testing;
using ProtoBuf.Grpc;

namespace ProdStock.IntegrationTests.Faults;

/// <summary>Order numbers handed out to the rows, so a test can look each one up in the store afterwards.</summary>
public sealed class OrderNumbers
{
    private readonly ConcurrentQueue<string> _used = new();

    /// <summary>Every order number handed out, in order.</summary>
    public IReadOnlyCollection<string> Used => _used;

    /// <summary>A valid order number seen nowhere else: <paramref name="prefix"/> and a GUID.</summary>
    public string Fresh(string prefix = "flt-") => Record(prefix + Guid.NewGuid().ToString("N"));

    /// <summary>Records a number a row built itself (an invalid one, made unique from a GUID).</summary>
    public string Record(string orderNo)
    {
        _used.Enqueue(orderNo);
        return orderNo;
    }
}

/// <summary>What a gRPC row sends through: an SDK client that does not validate before sending, and the order numbers.</summary>
public sealed record GrpcFaultTarget(ProdStockClient Client, OrderNumbers OrderNumbers);

/// <summary>
/// One row of the gRPC bad-input table: the call, and the <c>INVALID_ARGUMENT</c> status detail and
/// <c>google.rpc.BadRequest</c> field violations the host must answer with.
/// </summary>
public sealed record GrpcFaultRow(string Name, Func<GrpcFaultTarget, Task> Send, string Detail, IReadOnlyList<FieldViolation> Violations)
{
    public override string ToString() => Name;
}

/// <summary>One row of the REST bad-input table: the request, and the 400 <c>google.rpc.Status</c> body it must get.</summary>
/// <param name="Message">The whole <c>message</c> of the body, or (<paramref name="MessageIsPrefix"/>) its beginning.</param>
/// <param name="Violations">The <c>field_violations</c> of the BadRequest detail; <see langword="null"/> for rows the JSON reader refuses before validation.</param>
public sealed record RestFaultRow(
    string Name, HttpMethod Method, string Path, Func<OrderNumbers, HttpContent?> Body, string Message, bool MessageIsPrefix, IReadOnlyList<FieldViolation>? Violations)
{
    public override string ToString() => Name;
}

/// <summary>
/// The bad-input table of the issue, for gRPC and for the REST gateway. Each row is a real request; the tests in this
/// folder send every row one by one, and <see cref="FaultTableSweepTests"/> sends them all again in one go.
/// Malformed protobuf bytes are rows of <see cref="MalformedRequestTests"/> and are not repeated here.
/// </summary>
public static class FaultTable
{
    public const string GreaterThanZero = "value must be greater than 0";
    public const string DefinedEnum = "value must be one of the defined enum values";
    public const string SizeRange = "value must be inside range [1, 1000]";
    public const string OrderNoLength = "value length must be between 1 and 64 runes, inclusive";
    public const string OrderNoPattern = "value does not match regex pattern \"^[A-Za-z0-9_-]+$\"";
    public const string Finite = "value must be a finite number";
    public const string TooManyUsers = "value must contain no more than 10000 item(s)";
    public const string Required = "value is required";
    public const string QuantityRange = "value must be inside range [1, 10000]";
    public const string TooManyLines = "value must contain no more than 100 item(s)";
    public const string RepeatedLine = "value must not contain two items with the same (prod_id, prod_area)";

    public static readonly IReadOnlyList<GrpcFaultRow> Grpc = BuildGrpc();

    public static readonly IReadOnlyList<RestFaultRow> Rest = BuildRest();

    public static TheoryData<string> GrpcRowNames() => new(Grpc.Select(r => r.Name));

    public static TheoryData<string> RestRowNames() => new(Rest.Select(r => r.Name));

    public static UserScoreRequest Users(params int[] userIds) =>
        new() { Users = userIds.Select(id => new UserInfo { UserId = id }).ToList() };

    public static UserScoreRequest ManyUsers(int count, int? invalidAt = null) =>
        new() { Users = Enumerable.Range(0, count).Select(i => new UserInfo { UserId = i == invalidAt ? 0 : 1 + (i % 1000) }).ToList() };

    /// <summary>A client stream that yields its messages one at a time.</summary>
    public static async IAsyncEnumerable<UserScoreRequest> Stream(params UserScoreRequest[] requests)
    {
        foreach (var request in requests)
        {
            await Task.Yield();
            yield return request;
        }
    }

    /// <summary>Sends one gRPC row and returns the exception it must end with (or fails when the call succeeds).</summary>
    public static async Task<RpcException> SendExpectingFailureAsync(GrpcFaultRow row, GrpcFaultTarget target)
    {
        try
        {
            await row.Send(target).DefaultTimeout();
        }
        catch (RpcException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException($"row '{row.Name}': the call succeeded, but the host must refuse it with INVALID_ARGUMENT");
    }

    /// <summary>Checks the status, detail and field violations of a gRPC row's failure.</summary>
    public static void ShouldMatch(this RpcException error, GrpcFaultRow row)
    {
        error.StatusCode.Should().Be(StatusCode.InvalidArgument, row.Name);
        error.Status.Detail.Should().Be(row.Detail, row.Name);
        error.GetFieldViolations().Should().Equal(row.Violations, row.Name);
    }

    /// <summary>Sends one REST row.</summary>
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient http, RestFaultRow row, OrderNumbers orderNumbers)
    {
        using var request = new HttpRequestMessage(row.Method, row.Path) { Content = row.Body(orderNumbers) };
        return await http.SendAsync(request).DefaultTimeout();
    }

    /// <summary>Checks the 400 answer of a REST row: <c>code</c> 3, the message, and the BadRequest detail.</summary>
    public static async Task ShouldMatchAsync(this HttpResponseMessage response, RestFaultRow row)
    {
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{row.Name}: {text}");
        response.Content.Headers.ContentType.Should().NotBeNull(row.Name);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json", row.Name);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        var body = json.RootElement;
        body.GetProperty("code").GetInt32().Should().Be(3, row.Name);
        var message = body.GetProperty("message").GetString();
        if (row.MessageIsPrefix)
        {
            message.Should().StartWith(row.Message, row.Name);
        }
        else
        {
            message.Should().Be(row.Message, row.Name);
        }

        if (row.Violations is null)
        {
            return;
        }

        var details = body.GetProperty("details").EnumerateArray().ToList();
        details.Should().ContainSingle(row.Name);
        details[0].GetProperty("@type").GetString().Should().Be(RpcStatusDetails.BadRequestTypeUrl, row.Name);
        details[0].GetProperty("field_violations").EnumerateArray()
            .Select(v => new FieldViolation(v.GetProperty("field").GetString()!, v.GetProperty("description").GetString()!))
            .Should().Equal(row.Violations, row.Name);
    }

    private static GrpcFaultRow Row(string name, Func<GrpcFaultTarget, Task> send, string detail, params FieldViolation[] violations) =>
        new(name, send, detail, violations);

    private static FieldViolation V(string field, string description) => new(field, description);

    private static Task NewOrder(GrpcFaultTarget target, Func<OrderNumbers, OrderMain?> order) =>
        target.Client.Orders.NewOrderAsync(new OrderRequest { OrderMain = order(target.OrderNumbers) }).AsTask();

    private static OrderMain Order(string orderNo, int userId = 7, float money = 19.99f) =>
        new() { OrderNo = orderNo, UserId = userId, OrderMoney = money, OrderTime = new DateTime(2026, 1, 25, 8, 30, 0, DateTimeKind.Utc) };

    /// <summary>A unique order number of 65 characters (one too many).</summary>
    private static string Long(OrderNumbers numbers) => numbers.Record(("long-" + Guid.NewGuid().ToString("N")).PadRight(65, 'x'));

    private static List<GrpcFaultRow> BuildGrpc()
    {
        var orderMoney = V("order_main.order_money", GreaterThanZero);
        var orderMoneyFinite = V("order_main.order_money", Finite);
        var userIdDetail = $"invalid UserInfo.user_id: {GreaterThanZero}";
        return
        [
            // ProdService: ids and enums.
            Row("GetProdStock prod_id 0", t => t.Client.Products.GetProdStockAsync(new ProdRequest { ProdId = 0 }).AsTask(),
                $"invalid ProdRequest.prod_id: {GreaterThanZero}", V("prod_id", GreaterThanZero)),
            Row("GetProdStock prod_id -1", t => t.Client.Products.GetProdStockAsync(new ProdRequest { ProdId = -1, ProdArea = ProdAreas.B }).AsTask(),
                $"invalid ProdRequest.prod_id: {GreaterThanZero}", V("prod_id", GreaterThanZero)),
            Row("GetProdInfo prod_id int.MinValue", t => t.Client.Products.GetProdInfoAsync(new ProdRequest { ProdId = int.MinValue }).AsTask(),
                $"invalid ProdRequest.prod_id: {GreaterThanZero}", V("prod_id", GreaterThanZero)),
            Row("GetProdStock prod_area 3", t => t.Client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1, ProdArea = (ProdAreas)3 }).AsTask(),
                $"invalid ProdRequest.prod_area: {DefinedEnum}", V("prod_area", DefinedEnum)),
            Row("GetProdStock prod_area -1", t => t.Client.Products.GetProdStockAsync(new ProdRequest { ProdId = 1, ProdArea = (ProdAreas)(-1) }).AsTask(),
                $"invalid ProdRequest.prod_area: {DefinedEnum}", V("prod_area", DefinedEnum)),
            Row("GetProdStock prod_id 0 and prod_area 3", t => t.Client.Products.GetProdStockAsync(new ProdRequest { ProdId = 0, ProdArea = (ProdAreas)3 }).AsTask(),
                $"invalid ProdRequest.prod_id: {GreaterThanZero} (and 1 more violation(s))", V("prod_id", GreaterThanZero), V("prod_area", DefinedEnum)),
            Row("GetProdStocks size 0", t => t.Client.Products.GetProdStocksAsync(new QuerySize { Size = 0 }).AsTask(),
                $"invalid QuerySize.size: {SizeRange}", V("size", SizeRange)),
            Row("GetProdStocks size 1001", t => t.Client.Products.GetProdStocksAsync(new QuerySize { Size = 1001 }).AsTask(),
                $"invalid QuerySize.size: {SizeRange}", V("size", SizeRange)),
            Row("GetProdStocks size -1", t => t.Client.Products.GetProdStocksAsync(new QuerySize { Size = -1 }).AsTask(),
                $"invalid QuerySize.size: {SizeRange}", V("size", SizeRange)),
            Row("GetProdStocks prod_area 3", t => t.Client.Products.GetProdStocksAsync(new QuerySize { Size = 5, ProdArea = (ProdAreas)3 }).AsTask(),
                $"invalid QuerySize.prod_area: {DefinedEnum}", V("prod_area", DefinedEnum)),

            // UserService: ids in UserInfo, the number of users, all four call kinds.
            Row("GetUserScore user_id 0 at users[1]", t => t.Client.Users.GetUserScoreAsync(Users(1, 0, 2)).AsTask(),
                userIdDetail, V("users[1].user_id", GreaterThanZero)),
            Row("GetUserScore user_id -7 at users[0] and int.MinValue at users[2]", t => t.Client.Users.GetUserScoreAsync(Users(-7, 5, int.MinValue)).AsTask(),
                userIdDetail + " (and 1 more violation(s))", V("users[0].user_id", GreaterThanZero), V("users[2].user_id", GreaterThanZero)),
            Row("GetUserScore 10,001 users", t => t.Client.Users.GetUserScoreAsync(ManyUsers(10_001)).AsTask(),
                $"invalid UserScoreRequest.users: {TooManyUsers}", V("users", TooManyUsers)),
            Row("GetUserScore 10,000 users with user_id 0 at users[9999]", t => t.Client.Users.GetUserScoreAsync(ManyUsers(10_000, invalidAt: 9_999)).AsTask(),
                userIdDetail, V("users[9999].user_id", GreaterThanZero)),
            Row("GetUserScoreByServerStream 10,001 users", t => t.Client.Users.GetUserScoreByServerStreamAsync(ManyUsers(10_001)).ToListBoundedAsync(),
                $"invalid UserScoreRequest.users: {TooManyUsers}", V("users", TooManyUsers)),
            Row("GetUserScoreByServerStream user_id -1 at users[2]", t => t.Client.Users.GetUserScoreByServerStreamAsync(Users(1, 2, -1)).ToListBoundedAsync(),
                userIdDetail, V("users[2].user_id", GreaterThanZero)),
            Row("GetUserScoreByClientStream user_id 0 in the middle message",
                t => t.Client.Users.GetUserScoreByClientStreamAsync(Stream(Users(1), Users(2, 0), Users(3))).AsTask(),
                userIdDetail, V("users[1].user_id", GreaterThanZero)),
            Row("GetUserScoreByClientStream 10,001 users in the middle message",
                t => t.Client.Users.GetUserScoreByClientStreamAsync(Stream(Users(1), ManyUsers(10_001), Users(3))).AsTask(),
                $"invalid UserScoreRequest.users: {TooManyUsers}", V("users", TooManyUsers)),
            Row("GetUserScoreByDoubleEndStream user_id 0 after two valid messages", DuplexWithInvalidThirdMessageAsync,
                userIdDetail, V("users[0].user_id", GreaterThanZero)),

            // OrderService: order_no, user_id, order_money, order_main.
            Row("NewOrder empty order_no", t => NewOrder(t, n => Order(n.Record(""))),
                $"invalid OrderMain.order_no: {OrderNoLength}", V("order_main.order_no", OrderNoLength)),
            Row("NewOrder 65-char order_no", t => NewOrder(t, n => Order(Long(n))),
                $"invalid OrderMain.order_no: {OrderNoLength}", V("order_main.order_no", OrderNoLength)),
            Row("NewOrder non-ASCII order_no", t => NewOrder(t, n => Order(n.Record("bestellung-\u00fc-" + Guid.NewGuid().ToString("N")))),
                $"invalid OrderMain.order_no: {OrderNoPattern}", V("order_main.order_no", OrderNoPattern)),
            Row("NewOrder order_no of 64 emoji", t => NewOrder(t, n => Order(n.Record(string.Concat(Enumerable.Repeat("\U0001F4E6", 63)) + "\U0001F9FE"))),
                $"invalid OrderMain.order_no: {OrderNoPattern}", V("order_main.order_no", OrderNoPattern)),
            Row("NewOrder order_no ending in a newline", t => NewOrder(t, n => Order(n.Record("nl-" + Guid.NewGuid().ToString("N") + "\n"))),
                $"invalid OrderMain.order_no: {OrderNoPattern}", V("order_main.order_no", OrderNoPattern)),
            Row("NewOrder user_id 0", t => NewOrder(t, n => Order(n.Fresh(), userId: 0)),
                $"invalid OrderMain.user_id: {GreaterThanZero}", V("order_main.user_id", GreaterThanZero)),
            Row("NewOrder user_id -1", t => NewOrder(t, n => Order(n.Fresh(), userId: -1)),
                $"invalid OrderMain.user_id: {GreaterThanZero}", V("order_main.user_id", GreaterThanZero)),
            Row("NewOrder user_id int.MinValue", t => NewOrder(t, n => Order(n.Fresh(), userId: int.MinValue)),
                $"invalid OrderMain.user_id: {GreaterThanZero}", V("order_main.user_id", GreaterThanZero)),
            Row("NewOrder order_money NaN", t => NewOrder(t, n => Order(n.Fresh(), money: float.NaN)),
                $"invalid OrderMain.order_money: {Finite}", orderMoneyFinite),
            Row("NewOrder order_money +Infinity", t => NewOrder(t, n => Order(n.Fresh(), money: float.PositiveInfinity)),
                $"invalid OrderMain.order_money: {Finite}", orderMoneyFinite),
            Row("NewOrder order_money -Infinity", t => NewOrder(t, n => Order(n.Fresh(), money: float.NegativeInfinity)),
                $"invalid OrderMain.order_money: {Finite}", orderMoneyFinite),
            Row("NewOrder order_money 0", t => NewOrder(t, n => Order(n.Fresh(), money: 0f)),
                $"invalid OrderMain.order_money: {GreaterThanZero}", orderMoney),
            Row("NewOrder order_money -0", t => NewOrder(t, n => Order(n.Fresh(), money: -0f)),
                $"invalid OrderMain.order_money: {GreaterThanZero}", orderMoney),
            Row("NewOrder order_money -1", t => NewOrder(t, n => Order(n.Fresh(), money: -1f)),
                $"invalid OrderMain.order_money: {GreaterThanZero}", orderMoney),
            Row("NewOrder order_money smallest negative subnormal", t => NewOrder(t, n => Order(n.Fresh(), money: -float.Epsilon)),
                $"invalid OrderMain.order_money: {GreaterThanZero}", orderMoney),
            Row("NewOrder order_money float.MinValue", t => NewOrder(t, n => Order(n.Fresh(), money: float.MinValue)),
                $"invalid OrderMain.order_money: {GreaterThanZero}", orderMoney),
            Row("NewOrder missing order_main", t => NewOrder(t, _ => null),
                $"invalid OrderRequest.order_main: {Required}", V("order_main", Required)),
            Row("NewOrder empty order_main", t => NewOrder(t, _ => new OrderMain()),
                $"invalid OrderMain.order_no: {OrderNoLength} (and 2 more violation(s))",
                V("order_main.order_no", OrderNoLength), V("order_main.user_id", GreaterThanZero), orderMoney),
            Row("NewOrder every field bad", t => NewOrder(t, n => Order(Long(n), userId: -5, money: float.NaN)),
                $"invalid OrderMain.order_no: {OrderNoLength} (and 2 more violation(s))",
                V("order_main.order_no", OrderNoLength), V("order_main.user_id", GreaterThanZero), orderMoneyFinite),

            // Order lines: quantity, area, product, count, a (product, area) pair twice.
            Row("NewOrder line quantity 0", t => NewOrder(t, n => WithLines(Order(n.Fresh()), Line(1, ProdAreas.A, 0))),
                $"invalid OrderLine.quantity: {QuantityRange}", V("order_main.order_lines[0].quantity", QuantityRange)),
            Row("NewOrder line quantity 10,001", t => NewOrder(t, n => WithLines(Order(n.Fresh()), Line(1, ProdAreas.A, 1), Line(2, ProdAreas.A, 10_001))),
                $"invalid OrderLine.quantity: {QuantityRange}", V("order_main.order_lines[1].quantity", QuantityRange)),
            Row("NewOrder line prod_area 3", t => NewOrder(t, n => WithLines(Order(n.Fresh()), Line(1, (ProdAreas)3, 1))),
                $"invalid OrderLine.prod_area: {DefinedEnum}", V("order_main.order_lines[0].prod_area", DefinedEnum)),
            Row("NewOrder line prod_id 0", t => NewOrder(t, n => WithLines(Order(n.Fresh()), Line(0, ProdAreas.A, 1))),
                $"invalid OrderLine.prod_id: {GreaterThanZero}", V("order_main.order_lines[0].prod_id", GreaterThanZero)),
            Row("NewOrder 101 lines", t => NewOrder(t, n => WithLines(Order(n.Fresh()), [.. Enumerable.Range(1, 101).Select(id => Line(id, ProdAreas.A, 1))])),
                $"invalid OrderMain.order_lines: {TooManyLines}", V("order_main.order_lines", TooManyLines)),
            Row("NewOrder (product, area) twice", t => NewOrder(t, n => WithLines(Order(n.Fresh()), Line(1, ProdAreas.B, 1), Line(2, ProdAreas.B, 1), Line(1, ProdAreas.B, 2))),
                $"invalid OrderMain.order_lines: {RepeatedLine}", V("order_main.order_lines", RepeatedLine)),
        ];
    }

    private static OrderLine Line(int prodId, ProdAreas area, int quantity) => new() { ProdId = prodId, ProdArea = area, Quantity = quantity };

    private static OrderMain WithLines(OrderMain order, params OrderLine[] lines)
    {
        order.OrderLines = [.. lines];
        return order;
    }

    /// <summary>A duplex call whose first two messages are answered before the third (invalid) one ends the call.</summary>
    private static async Task DuplexWithInvalidThirdMessageAsync(GrpcFaultTarget target)
    {
        var requests = System.Threading.Channels.Channel.CreateUnbounded<UserScoreRequest>();
        var context = new CallContext(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)));
        var responses = target.Client.Users.GetUserScoreByDoubleEndStreamAsync(requests.Reader.ReadAllAsync(), context).GetAsyncEnumerator();
        try
        {
            foreach (var id in new[] { 1, 2 })
            {
                await requests.Writer.WriteAsync(Users(id)).DefaultTimeout();
                (await responses.MoveNextAsync().DefaultTimeout()).Should().BeTrue("the valid message {0} is answered", id);
                responses.Current.Users.Select(u => u.UserId).Should().Equal(id);
            }

            await requests.Writer.WriteAsync(Users(0)).DefaultTimeout();
            await responses.MoveNextAsync().DefaultTimeout();
        }
        finally
        {
            requests.Writer.TryComplete();
            await CallFaults.DisposeQuietlyAsync(responses);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Ndjson(params string[] lines) =>
        new(string.Join('\n', lines) + "\n", Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson"));

    private static string UsersJson(int count, int? invalidAt = null) =>
        "{\"users\":[" + string.Join(',', Enumerable.Range(0, count).Select(i => $"{{\"user_id\":{(i == invalidAt ? 0 : 1 + (i % 1000))}}}")) + "]}";

    private static List<RestFaultRow> BuildRest()
    {
        var get = HttpMethod.Get;
        var post = HttpMethod.Post;
        static Func<OrderNumbers, HttpContent?> NoBody() => _ => null;
        static Func<OrderNumbers, HttpContent?> Body(string json) => _ => Json(json);
        static Func<OrderNumbers, HttpContent?> OrderBody(Func<string, string> json) => n => Json(json(n.Fresh("rest-")));

        RestFaultRow Valid(string name, HttpMethod method, string path, Func<OrderNumbers, HttpContent?> body, string message, params FieldViolation[] violations) =>
            new(name, method, path, body, message, MessageIsPrefix: false, violations);

        RestFaultRow Parse(string name, HttpMethod method, string path, Func<OrderNumbers, HttpContent?> body, string messageStart) =>
            new(name, method, path, body, messageStart, MessageIsPrefix: true, Violations: null);

        var userIdDetail = $"invalid UserInfo.user_id: {GreaterThanZero}";
        return
        [
            // The gRPC table's inputs, as JSON: 400, code 3, and the BadRequest detail naming the field.
            Valid("GET prod_id -1", get, "/v1/prod/-1", NoBody(), $"invalid ProdRequest.prod_id: {GreaterThanZero}", V("prod_id", GreaterThanZero)),
            Valid("GET info prod_id 0", get, "/v1/prod/0/info", NoBody(), $"invalid ProdRequest.prod_id: {GreaterThanZero}", V("prod_id", GreaterThanZero)),
            Valid("GET prod_area 3", get, "/v1/prod/1?prod_area=3", NoBody(), $"invalid ProdRequest.prod_area: {DefinedEnum}", V("prod_area", DefinedEnum)),
            Valid("GET prod_area -1", get, "/v1/prod/1?prod_area=-1", NoBody(), $"invalid ProdRequest.prod_area: {DefinedEnum}", V("prod_area", DefinedEnum)),
            Valid("GET size 0", get, "/v1/prod?size=0", NoBody(), $"invalid QuerySize.size: {SizeRange}", V("size", SizeRange)),
            Valid("GET size 1001", get, "/v1/prod?size=1001", NoBody(), $"invalid QuerySize.size: {SizeRange}", V("size", SizeRange)),
            Valid("GET size 10 prod_area 3", get, "/v1/prod?size=10&prod_area=3", NoBody(), $"invalid QuerySize.prod_area: {DefinedEnum}", V("prod_area", DefinedEnum)),
            Valid("POST scores user_id 0 at users[1]", post, "/v1/users/scores", Body("{\"users\":[{\"user_id\":1},{\"user_id\":0}]}"),
                userIdDetail, V("users[1].user_id", GreaterThanZero)),
            Valid("POST scores user_id -2 at users[0]", post, "/v1/users/scores", Body("{\"users\":[{\"userId\":-2}]}"),
                userIdDetail, V("users[0].user_id", GreaterThanZero)),
            Valid("POST scores 10,001 users", post, "/v1/users/scores", _ => Json(UsersJson(10_001)),
                $"invalid UserScoreRequest.users: {TooManyUsers}", V("users", TooManyUsers)),
            Valid("POST scores 10,000 users with user_id 0 at users[9999]", post, "/v1/users/scores", _ => Json(UsersJson(10_000, invalidAt: 9_999)),
                userIdDetail, V("users[9999].user_id", GreaterThanZero)),
            Valid("POST scores:stream 10,001 users", post, "/v1/users/scores:stream", _ => Json(UsersJson(10_001)),
                $"invalid UserScoreRequest.users: {TooManyUsers}", V("users", TooManyUsers)),
            Valid("POST scores:collect user_id 0 in the middle line", post, "/v1/users/scores:collect",
                _ => Ndjson("{\"users\":[{\"user_id\":1}]}", "{\"users\":[{\"user_id\":2},{\"user_id\":0}]}", "{\"users\":[{\"user_id\":3}]}"),
                userIdDetail, V("users[1].user_id", GreaterThanZero)),
            Valid("POST scores:collect user_id -1 in a JSON array", post, "/v1/users/scores:collect",
                Body("[{\"users\":[{\"user_id\":1}]},{\"users\":[{\"user_id\":-1}]}]"),
                userIdDetail, V("users[0].user_id", GreaterThanZero)),
            Valid("POST order empty order_no", post, "/v1/orders", Body("{\"order_no\":\"\",\"user_id\":7,\"order_money\":1}"),
                $"invalid OrderMain.order_no: {OrderNoLength}", V("order_main.order_no", OrderNoLength)),
            Valid("POST order 65-char order_no", post, "/v1/orders", n => Json($"{{\"order_no\":\"{Long(n)}\",\"user_id\":7,\"order_money\":1}}"),
                $"invalid OrderMain.order_no: {OrderNoLength}", V("order_main.order_no", OrderNoLength)),
            Valid("POST order non-ASCII order_no", post, "/v1/orders",
                n => Json($"{{\"order_no\":\"{n.Record("bestellung-\u00fc-" + Guid.NewGuid().ToString("N"))}\",\"user_id\":7,\"order_money\":1}}"),
                $"invalid OrderMain.order_no: {OrderNoPattern}", V("order_main.order_no", OrderNoPattern)),
            Valid("POST order order_no with an escaped newline", post, "/v1/orders",
                n => Json($"{{\"order_no\":\"{n.Record("nl-" + Guid.NewGuid().ToString("N") + "\n").Replace("\n", "\\n", StringComparison.Ordinal)}\",\"user_id\":7,\"order_money\":1}}"),
                $"invalid OrderMain.order_no: {OrderNoPattern}", V("order_main.order_no", OrderNoPattern)),
            Valid("POST order user_id 0", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":0,\"order_money\":1}}"),
                $"invalid OrderMain.user_id: {GreaterThanZero}", V("order_main.user_id", GreaterThanZero)),
            Valid("POST order user_id -1", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"userId\":\"-1\",\"order_money\":1}}"),
                $"invalid OrderMain.user_id: {GreaterThanZero}", V("order_main.user_id", GreaterThanZero)),
            Valid("POST order order_money NaN", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":\"NaN\"}}"),
                $"invalid OrderMain.order_money: {Finite}", V("order_main.order_money", Finite)),
            Valid("POST order order_money Infinity", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":\"Infinity\"}}"),
                $"invalid OrderMain.order_money: {Finite}", V("order_main.order_money", Finite)),
            Valid("POST order order_money -Infinity", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"orderMoney\":\"-Infinity\"}}"),
                $"invalid OrderMain.order_money: {Finite}", V("order_main.order_money", Finite)),
            Valid("POST order order_money 0", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":0}}"),
                $"invalid OrderMain.order_money: {GreaterThanZero}", V("order_main.order_money", GreaterThanZero)),
            Valid("POST order order_money -0.5", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":-0.5}}"),
                $"invalid OrderMain.order_money: {GreaterThanZero}", V("order_main.order_money", GreaterThanZero)),
            Valid("POST order body null", post, "/v1/orders", Body("null"),
                $"invalid OrderRequest.order_main: {Required}", V("order_main", Required)),
            Valid("POST order body {}", post, "/v1/orders", Body("{}"),
                $"invalid OrderMain.order_no: {OrderNoLength} (and 2 more violation(s))",
                V("order_main.order_no", OrderNoLength), V("order_main.user_id", GreaterThanZero), V("order_main.order_money", GreaterThanZero)),
            Valid("POST order line quantity 0", post, "/v1/orders",
                OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1,\"order_lines\":[{{\"prod_id\":1,\"prod_area\":\"A\",\"quantity\":0}}]}}"),
                $"invalid OrderLine.quantity: {QuantityRange}", V("order_main.order_lines[0].quantity", QuantityRange)),
            Valid("POST order line quantity 10,001", post, "/v1/orders",
                OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1,\"orderLines\":[{{\"prodId\":1,\"quantity\":10001}}]}}"),
                $"invalid OrderLine.quantity: {QuantityRange}", V("order_main.order_lines[0].quantity", QuantityRange)),
            Valid("POST order line prod_area 3", post, "/v1/orders",
                OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1,\"order_lines\":[{{\"prod_id\":1,\"prod_area\":3,\"quantity\":1}}]}}"),
                $"invalid OrderLine.prod_area: {DefinedEnum}", V("order_main.order_lines[0].prod_area", DefinedEnum)),
            Valid("POST order 101 lines", post, "/v1/orders",
                OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1,\"order_lines\":[{string.Join(',', Enumerable.Range(1, 101).Select(id => $"{{\"prod_id\":{id},\"quantity\":1}}"))}]}}"),
                $"invalid OrderMain.order_lines: {TooManyLines}", V("order_main.order_lines", TooManyLines)),
            Valid("POST order (product, area) twice", post, "/v1/orders",
                OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1,\"order_lines\":[{{\"prod_id\":5,\"prod_area\":\"C\",\"quantity\":1}},{{\"prod_id\":5,\"prod_area\":\"C\",\"quantity\":3}}]}}"),
                $"invalid OrderMain.order_lines: {RepeatedLine}", V("order_main.order_lines", RepeatedLine)),

            // Malformed JSON and wrong JSON types not already in GatewayErrorTests: refused by the JSON reader, naming the field.
            Parse("POST scores truncated JSON", post, "/v1/users/scores", Body("{\"users\":[{\"user_id\":1}"),
                "invalid UserScoreRequest: the request body is not valid JSON"),
            Parse("POST scores single-quoted JSON", post, "/v1/users/scores", Body("{'users':[]}"),
                "invalid UserScoreRequest: the request body is not valid JSON"),
            Parse("POST scores users is an object", post, "/v1/users/scores", Body("{\"users\":{\"user_id\":1}}"),
                "invalid UserScoreRequest.users: "),
            Parse("POST scores users item is a number", post, "/v1/users/scores", Body("{\"users\":[7]}"),
                "invalid UserScoreRequest.users[0]: "),
            Parse("POST scores user_id 1.5", post, "/v1/users/scores", Body("{\"users\":[{\"user_id\":1.5}]}"),
                "invalid UserScoreRequest.users[0].user_id: "),
            Parse("POST scores user_id past int32", post, "/v1/users/scores", Body("{\"users\":[{\"user_id\":2147483648}]}"),
                "invalid UserScoreRequest.users[0].user_id: "),
            Parse("POST scores user_id true", post, "/v1/users/scores", Body("{\"users\":[{\"user_id\":true}]}"),
                "invalid UserScoreRequest.users[0].user_id: "),
            Parse("POST scores trailing content", post, "/v1/users/scores", Body("{\"users\":[]} {}"),
                "invalid UserScoreRequest: "),
            Parse("POST scores:collect malformed middle line", post, "/v1/users/scores:collect",
                _ => Ndjson("{\"users\":[{\"user_id\":1}]}", "{\"users\":[", "{\"users\":[{\"user_id\":3}]}"),
                "invalid UserScoreRequest: the request body is not valid JSON"),
            Parse("POST scores:collect JSON object instead of array", post, "/v1/users/scores:collect", Body("{\"users\":[{\"user_id\":1}]}"),
                "invalid UserScoreRequest: a client stream sent as application/json must be a JSON array"),
            Parse("POST order order_no is a number", post, "/v1/orders", Body("{\"order_no\":12345,\"user_id\":7,\"order_money\":1}"),
                "invalid OrderRequest.order_main.order_no: "),
            Parse("POST order order_money is a word", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":\"lots\"}}"),
                "invalid OrderRequest.order_main.order_money: "),
            Parse("POST order order_money past float", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1e39}}"),
                "invalid OrderRequest.order_main.order_money: "),
            Parse("POST order order_time is a number", post, "/v1/orders",
                OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1,\"order_time\":1769329800}}"),
                "invalid OrderRequest.order_main.order_time: "),
            Parse("POST order body is an array", post, "/v1/orders", OrderBody(no => $"[{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1}}]"),
                "invalid OrderRequest.order_main: "),
            Parse("POST order trailing content", post, "/v1/orders", OrderBody(no => $"{{\"order_no\":\"{no}\",\"user_id\":7,\"order_money\":1}} {{}}"),
                "invalid OrderRequest.order_main: "),
            Parse("GET prod_id past int32", get, "/v1/prod/99999999999", NoBody(), "invalid ProdRequest.prod_id: '99999999999' is not a valid int32"),
            Parse("GET prod_area 1.5", get, "/v1/prod/1?prod_area=1.5", NoBody(), "invalid ProdRequest.prod_area: "),
        ];
    }
}
