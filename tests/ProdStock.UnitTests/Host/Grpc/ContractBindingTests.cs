using System.ServiceModel;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Grpc;
using ProdStock.Host.Hosting;
using ProdStock.Services.Products;
using ProdStock.UnitTests.Infrastructure;
using ProtoBuf.Grpc;

namespace ProdStock.UnitTests.Host.Grpc;

public sealed class ContractBindingTests
{
    [Fact]
    public async Task MapGrpcService_ProdStockServices_BindsEveryContractMethodOnce()
    {
        await using var app = BuildApp(services => services.AddProdStock());
        app.MapProdStock();

        var methods = GrpcMethods(app);

        methods.Should().Contain(
        [
            "/services.ProdService/GetProdStock", "/services.ProdService/GetProdStocks", "/services.ProdService/GetProdInfo",
            "/services.OrderService/NewOrder",
            "/services.UserService/GetUserScore", "/services.UserService/GetUserScoreByServerStream",
            "/services.UserService/GetUserScoreByClientStream", "/services.UserService/GetUserScoreByDoubleEndStream",
            "/services.InventoryService/AdjustStock",
        ]);
        methods.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task MapGrpcService_TaskReturningContract_IsServed()
    {
        await using var app = BuildApp(services => services.AddProdStock());

        app.MapGrpcService<TaskService>();

        GrpcMethods(app).Should().Contain("/test.TaskService/Get");
    }

    [Fact]
    public async Task MapGrpcService_MethodWithoutCallContext_IsServedAsProtobufNetGrpcDoes()
    {
        await using var app = BuildApp(services => services.AddProdStock());

        app.MapGrpcService<NoContextService>();

        GrpcMethods(app).Should().Contain("/test.NoContextService/Get");
    }

    [Fact]
    public async Task ForResult_TaskReturningMethod_IsCalledThroughAValueTask()
    {
        var call = ServiceCall.ForResult<TaskService, ProdRequest, ProdResponse>(typeof(TaskService).GetMethod(nameof(TaskService.GetAsync))!, returnsTask: true);

        var response = await call(new TaskService(), new ProdRequest { ProdId = 4 }, default).AsTask().DefaultTimeout();

        response.ProdId.Should().Be(4);
    }

    [Fact]
    public void Of_SynchronousResult_IsAProblem()
    {
        var method = typeof(ISyncContract).GetMethod(nameof(ISyncContract.Get))!;

        var shape = ContractMethodShape.Of(method, global::Grpc.Core.MethodType.Unary, typeof(ProdRequest), typeof(ProdResponse));

        shape.Problem.Should().Contain("it returns ProdResponse");
    }

    [Fact]
    public void Of_ContractMethodsOfTheServices_HaveNoProblem()
    {
        var prodService = typeof(IProdService).GetMethod(nameof(IProdService.GetProdStockAsync))!;

        ContractMethodShape.Of(prodService, global::Grpc.Core.MethodType.Unary, typeof(ProdRequest), typeof(ProdResponse))
            .Should().Be(new ContractMethodShape(ReturnsTask: false, Problem: null));
    }

    private static WebApplication BuildApp(Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        configure(builder.Services);
        return builder.Build();
    }

    private static List<string> GrpcMethods(WebApplication app) =>
        ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>())
            .OfType<GrpcMethodMetadata>()
            .Select(metadata => metadata.Method.FullName)
            .ToList();

    [ServiceContract(Name = "test.TaskService")]
    public interface ITaskContract
    {
        [OperationContract(Name = "Get")]
        Task<ProdResponse> GetAsync(ProdRequest request, CallContext context = default);
    }

    public sealed class TaskService : ITaskContract
    {
        public Task<ProdResponse> GetAsync(ProdRequest request, CallContext context = default) =>
            Task.FromResult(new ProdResponse { ProdId = request.ProdId });
    }

    [ServiceContract(Name = "test.NoContextService")]
    public interface INoContextContract
    {
        [OperationContract(Name = "Get")]
        ValueTask<ProdResponse> GetAsync(ProdRequest request);
    }

    public sealed class NoContextService : INoContextContract
    {
        public ValueTask<ProdResponse> GetAsync(ProdRequest request) => ValueTask.FromResult(new ProdResponse());
    }

    [ServiceContract(Name = "test.Sync")]
    public interface ISyncContract
    {
        [OperationContract(Name = "Get")]
        ProdResponse Get(ProdRequest request, CallContext context = default);
    }
}
