using ProdStock.Contracts;

namespace ProdStock.Bench.Serialization;

/// <summary>The same three requests in both object models: code-first (protobuf-net) and contract-first (Google.Protobuf).</summary>
internal static class MessageSamples
{
    private static readonly DateTime OrderTime = new(2026, 11, 25, 8, 30, 15, 123, DateTimeKind.Utc);

    public static ProdRequest CodeFirstProdRequest() => new() { ProdId = 998, ProdArea = ProdAreas.C };

    public static global::ProdStock.Grpc.Services.ProdRequest ContractFirstProdRequest() => new() { ProdId = 998, ProdArea = global::ProdStock.Grpc.Services.ProdAreas.C };

    public static OrderRequest CodeFirstOrderRequest() => new()
    {
        OrderMain = new OrderMain { OrderNo = "A-20261125-000123", UserId = 4711, OrderMoney = 199.99f, OrderTime = OrderTime },
    };

    public static global::ProdStock.Grpc.Services.OrderRequest ContractFirstOrderRequest() => new()
    {
        OrderMain = new global::ProdStock.Grpc.Services.OrderMain
        {
            OrderNo = "A-20261125-000123",
            UserId = 4711,
            OrderMoney = 199.99f,
            OrderTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(OrderTime),
        },
    };

    public static UserScoreRequest CodeFirstUserScoreRequest() =>
        new() { Users = Enumerable.Range(1, 100).Select(id => new UserInfo { UserId = id, UserScore = id * 7 }).ToList() };

    public static global::ProdStock.Grpc.Services.UserScoreRequest ContractFirstUserScoreRequest()
    {
        var request = new global::ProdStock.Grpc.Services.UserScoreRequest();
        request.Users.AddRange(Enumerable.Range(1, 100).Select(id => new global::ProdStock.Grpc.Services.UserInfo { UserId = id, UserScore = id * 7 }));
        return request;
    }
}
