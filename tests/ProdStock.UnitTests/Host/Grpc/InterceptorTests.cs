using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using ProdStock.Contracts;
using CodeFirst.AspNetCore.Errors;
using CodeFirst.AspNetCore.Grpc;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Grpc;

public sealed class InterceptorTests
{
    private readonly ValidationInterceptor _validation = new();
    private readonly FailureTranslationInterceptor _translation = new(new CallFailureTranslator(NullLogger<CallFailureTranslator>.Instance));

    [Fact]
    public async Task UnaryServerHandler_InvalidRequest_ThrowsInvalidArgumentWithoutCallingTheService()
    {
        var called = false;

        var act = () => _validation.UnaryServerHandler<ProdRequest, ProdResponse>(new ProdRequest { ProdId = 0 }, new FakeServerCallContext(), (_, _) =>
        {
            called = true;
            return Task.FromResult(new ProdResponse());
        });

        (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        called.Should().BeFalse();
    }

    [Fact]
    public async Task UnaryServerHandler_ValidRequest_ReturnsTheServicesAnswer()
    {
        var response = await _validation.UnaryServerHandler<ProdRequest, ProdResponse>(
            new ProdRequest { ProdId = 3 }, new FakeServerCallContext(), (request, _) => Task.FromResult(new ProdResponse { ProdId = request.ProdId })).DefaultTimeout();

        response.ProdId.Should().Be(3);
    }

    [Fact]
    public async Task ServerStreamingServerHandler_InvalidRequest_ThrowsInvalidArgument()
    {
        var act = () => _validation.ServerStreamingServerHandler<UserScoreRequest, UserScoreResponse>(
            new UserScoreRequest { Users = [new UserInfo { UserId = -1 }] }, new ListStreamWriter<UserScoreResponse>(), new FakeServerCallContext(), (_, _, _) => Task.CompletedTask);

        (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.Status.Detail.Should().Contain("user_id");
    }

    [Fact]
    public async Task ClientStreamingServerHandler_InvalidSecondMessage_ServiceReadsTheFirstThenGetsInvalidArgument()
    {
        var requests = new ListStreamReader<UserScoreRequest>(
            new UserScoreRequest { Users = [new UserInfo { UserId = 1 }] }, new UserScoreRequest { Users = [new UserInfo { UserId = 0 }] });
        var read = 0;

        var act = () => _validation.ClientStreamingServerHandler<UserScoreRequest, UserScoreResponse>(requests, new FakeServerCallContext(), async (stream, _) =>
        {
            while (await stream.MoveNext(CancellationToken.None))
            {
                read++;
            }

            return new UserScoreResponse();
        });

        (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        read.Should().Be(1);
    }

    [Fact]
    public async Task DuplexStreamingServerHandler_InvalidMessage_ThrowsInvalidArgument()
    {
        var requests = new ListStreamReader<UserScoreRequest>(new UserScoreRequest { Users = [new UserInfo { UserId = 0 }] });

        var act = () => _validation.DuplexStreamingServerHandler<UserScoreRequest, UserScoreResponse>(
            requests, new ListStreamWriter<UserScoreResponse>(), new FakeServerCallContext(), async (stream, _, _) => await stream.MoveNext(CancellationToken.None));

        (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task UnaryServerHandler_ServiceThrowsUnexpectedly_EndsInternalWithAnErrorId()
    {
        var act = () => _translation.UnaryServerHandler<ProdRequest, ProdResponse>(
            new ProdRequest { ProdId = 1 }, new FakeServerCallContext(), (_, _) => throw new InvalidCastException("secret detail"));

        var status = (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.Status;
        status.StatusCode.Should().Be(StatusCode.Internal);
        status.Detail.Should().MatchRegex("internal error [0-9a-f]{12}").And.NotContain("secret");
    }

    [Fact]
    public async Task UnaryServerHandler_ServiceFailsAsynchronously_EndsInternal()
    {
        var act = () => _translation.UnaryServerHandler<ProdRequest, ProdResponse>(new ProdRequest { ProdId = 1 }, new FakeServerCallContext(), async (_, _) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        });

        (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task UnaryServerHandler_ServiceThrowsRpcException_PassesItThrough()
    {
        var act = () => _translation.UnaryServerHandler<ProdRequest, ProdResponse>(
            new ProdRequest { ProdId = 1 }, new FakeServerCallContext(), (_, _) => throw new RpcException(new Status(StatusCode.NotFound, "product 1 was not found")));

        (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.NotFound);
    }

    [Fact]
    public async Task ServerStreamingServerHandler_CancelledCallFailsWithIOException_EndsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var act = () => _translation.ServerStreamingServerHandler<ProdRequest, ProdResponse>(
            new ProdRequest { ProdId = 1 }, new ListStreamWriter<ProdResponse>(), new FakeServerCallContext(cancellation.Token), (_, _, _) => throw new IOException("reset"));

        (await act.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public async Task ClientAndDuplexStreamingServerHandler_ServiceFails_EndInternal()
    {
        var reader = new ListStreamReader<UserScoreRequest>();
        var client = () => _translation.ClientStreamingServerHandler<UserScoreRequest, UserScoreResponse>(
            reader, new FakeServerCallContext(), (_, _) => Task.FromException<UserScoreResponse>(new ArithmeticException()));
        var duplex = () => _translation.DuplexStreamingServerHandler<UserScoreRequest, UserScoreResponse>(
            reader, new ListStreamWriter<UserScoreResponse>(), new FakeServerCallContext(), (_, _, _) => Task.FromException(new ArithmeticException()));

        (await client.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.Internal);
        (await duplex.Should().ThrowAsync<RpcException>().DefaultTimeout()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }
}
