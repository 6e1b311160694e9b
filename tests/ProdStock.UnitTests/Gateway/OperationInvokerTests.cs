using Grpc.Core;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Gateway.Invocation;
using CodeFirst.Schema;
using ProdStock.UnitTests.Host.Grpc;
using ProdStock.UnitTests.Infrastructure;
using CodeFirst.Model;

namespace ProdStock.UnitTests.Gateway;

public sealed class OperationInvokerTests
{
    [Fact]
    public async Task UnaryAsync_TaskReturningContract_CallsTheService()
    {
        var invoker = OperationInvoker.Create(Operation<ContractBindingTests.ITaskContract>());

        var response = await invoker.UnaryAsync(new ContractBindingTests.TaskService(), new ProdRequest { ProdId = 9 }, default).DefaultTimeout();

        response.Should().BeOfType<ProdResponse>().Which.ProdId.Should().Be(9);
    }

    [Fact]
    public void Create_MethodWithoutCallContext_ThrowsNamingTheExpectedShape()
    {
        var act = () => OperationInvoker.Create(Operation<ContractBindingTests.INoContextContract>());

        act.Should().Throw<NotSupportedException>()
            .WithMessage("INoContextContract.GetAsync cannot be served over HTTP/JSON: its parameters are (ProdRequest)*");
    }

    private static OperationModel Operation<TContract>()
    {
        var method = typeof(TContract).GetMethods().Single();
        return new OperationModel("test.Service", "Get", MethodType.Unary, typeof(ProdRequest), typeof(ProdResponse), method);
    }
}
