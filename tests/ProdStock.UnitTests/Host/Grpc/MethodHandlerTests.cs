using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using ProdStock.Contracts;
using CodeFirst.Validation;
using CodeFirst.AspNetCore.Errors;
using CodeFirst.AspNetCore.Grpc;
using ProdStock.UnitTests.Infrastructure;
using ProtoBuf.Grpc;

namespace ProdStock.UnitTests.Host.Grpc;

public sealed class MethodHandlerTests
{
    private static readonly CallFailureTranslator Translator = new(NullLogger<CallFailureTranslator>.Instance);
    private readonly TestService _service = new();

    [Fact]
    public async Task UnaryHandle_ValidRequest_CallsTheServiceWithTheCallsContext()
    {
        using var cancellation = new CancellationTokenSource();
        var context = new FakeServerCallContext(cancellation.Token);
        CallContext seen = default;
        var handler = Unary((_, request, callContext) =>
        {
            seen = callContext;
            return ValueTask.FromResult(new ProdResponse { ProdId = request.ProdId, ProdStock = 7 });
        });

        var response = await handler.Handle(_service, new ProdRequest { ProdId = 3 }, context).DefaultTimeout();

        response.ProdStock.Should().Be(7);
        seen.ServerCallContext.Should().BeSameAs(context);
        seen.CancellationToken.Should().Be(cancellation.Token);
        seen.RequestHeaders.Should().BeSameAs(context.Headers);
        seen.State.Should().BeSameAs(_service);
    }

    [Fact]
    public async Task UnaryHandle_InvalidRequest_ThrowsInvalidArgumentWithoutCallingTheService()
    {
        var called = false;
        var handler = Unary((_, _, _) =>
        {
            called = true;
            return ValueTask.FromResult(new ProdResponse());
        });

        var act = () => handler.Handle(_service, new ProdRequest { ProdId = 0 }, new FakeServerCallContext()).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Contain("prod_id");
        called.Should().BeFalse();
    }

    [Fact]
    public async Task UnaryHandle_ServiceThrowsSynchronously_ReturnsInternalWithAnErrorId()
    {
        var handler = Unary((_, _, _) => throw new InvalidOperationException("secret"));

        var act = () => handler.Handle(_service, new ProdRequest { ProdId = 1 }, new FakeServerCallContext()).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Internal);
        error.Status.Detail.Should().StartWith("internal error ").And.NotContain("secret");
    }

    [Fact]
    public async Task UnaryHandle_ServiceFaultsAfterAwaiting_ReturnsInternal()
    {
        var handler = Unary(async (_, _, _) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("secret");
        });

        var act = () => handler.Handle(_service, new ProdRequest { ProdId = 1 }, new FakeServerCallContext()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task UnaryHandle_ServiceThrowsRpcException_PassesItThroughUnchanged()
    {
        var notFound = new RpcException(new Status(StatusCode.NotFound, "product 9 does not exist"));
        var handler = Unary(async (_, _, _) =>
        {
            await Task.Yield();
            throw notFound;
        });

        var act = () => handler.Handle(_service, new ProdRequest { ProdId = 9 }, new FakeServerCallContext()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.Should().BeSameAs(notFound);
    }

    [Fact]
    public async Task UnaryHandle_CancelledCallFails_ReturnsCancelledInsteadOfInternal()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var handler = Unary((_, _, _) => throw new IOException("The client reset the request stream."));

        var act = () => handler.Handle(_service, new ProdRequest { ProdId = 1 }, new FakeServerCallContext(cancellation.Token)).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
    }

    [Fact]
    public async Task ServerStreamingHandle_ValidRequest_WritesEveryAnswer()
    {
        var handler = new ServerStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(
            (_, request, _) => Answers(request.Users.Count), Translator);
        var writer = new ListStreamWriter<UserScoreResponse>();

        await handler.Handle(_service, Request(1, 2, 3), writer, new FakeServerCallContext()).DefaultTimeout();

        writer.Written.Should().HaveCount(3);
    }

    [Fact]
    public async Task ServerStreamingHandle_InvalidRequest_ThrowsInvalidArgumentAndWritesNothing()
    {
        var handler = new ServerStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(
            (_, request, _) => Answers(request.Users.Count), Translator);
        var writer = new ListStreamWriter<UserScoreResponse>();

        var act = () => handler.Handle(_service, Request(1, -2), writer, new FakeServerCallContext()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        writer.Written.Should().BeEmpty();
    }

    [Fact]
    public async Task ServerStreamingHandle_StreamFailsMidway_KeepsWrittenAnswersAndReturnsInternal()
    {
        var handler = new ServerStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(
            (_, _, _) => FailingAfter(2), Translator);
        var writer = new ListStreamWriter<UserScoreResponse>();

        var act = () => handler.Handle(_service, Request(1), writer, new FakeServerCallContext()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
        writer.Written.Should().HaveCount(2);
    }

    [Fact]
    public async Task ClientStreamingHandle_ValidStream_ServiceReadsEveryMessage()
    {
        var handler = new ClientStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(CountUsers, Translator);

        var response = await handler.Handle(_service, new ListStreamReader<UserScoreRequest>(Request(1, 2), Request(3)), new FakeServerCallContext()).DefaultTimeout();

        response.Users.Should().HaveCount(3);
    }

    [Fact]
    public async Task ClientStreamingHandle_InvalidMessageMidStream_ThrowsInvalidArgumentBeforeTheServiceSeesIt()
    {
        var seen = new List<UserScoreRequest>();
        var handler = new ClientStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(
            async (_, requests, _) =>
            {
                await foreach (var request in requests)
                {
                    seen.Add(request);
                }

                return new UserScoreResponse();
            },
            Translator);
        var reader = new ListStreamReader<UserScoreRequest>(Request(1), Request(0), Request(2));

        var act = () => handler.Handle(_service, reader, new FakeServerCallContext()).DefaultTimeout();

        var error = (await act.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.GetFieldViolations().Should().Equal(new FieldViolation("users[0].user_id", "value must be greater than 0"));
        seen.Should().ContainSingle();
        reader.Read.Should().Be(1, "nothing after the invalid message is read");
    }

    [Fact]
    public async Task ClientStreamingHandle_ServiceFails_ReturnsInternal()
    {
        var handler = new ClientStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(
            (_, _, _) => throw new InvalidOperationException("secret"), Translator);

        var act = () => handler.Handle(_service, new ListStreamReader<UserScoreRequest>(Request(1)), new FakeServerCallContext()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
    }

    [Fact]
    public async Task DuplexHandle_InvalidMessageMidStream_AnswersEarlierMessagesThenThrowsInvalidArgument()
    {
        var handler = new DuplexStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(Echo, Translator);
        var writer = new ListStreamWriter<UserScoreResponse>();

        var act = () => handler.Handle(_service, new ListStreamReader<UserScoreRequest>(Request(1), Request(2), Request(-1)), writer, new FakeServerCallContext()).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        writer.Written.Select(answer => answer.Users[0].UserId).Should().Equal(1, 2);
    }

    [Fact]
    public async Task DuplexHandle_CancelledCall_StopsReadingAndReturnsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var handler = new DuplexStreamingMethodHandler<TestService, UserScoreRequest, UserScoreResponse>(Echo, Translator);

        var act = () => handler.Handle(_service, new ListStreamReader<UserScoreRequest>(Request(1)), new ListStreamWriter<UserScoreResponse>(), new FakeServerCallContext(cancellation.Token)).DefaultTimeout();

        (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Cancelled);
    }

    private static UnaryMethodHandler<TestService, ProdRequest, ProdResponse> Unary(Func<TestService, ProdRequest, CallContext, ValueTask<ProdResponse>> call) =>
        new(call, Translator);

    private static UserScoreRequest Request(params int[] userIds) =>
        new() { Users = [.. userIds.Select(id => new UserInfo { UserId = id })] };

    private static async IAsyncEnumerable<UserScoreResponse> Answers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return new UserScoreResponse();
        }
    }

    private static async IAsyncEnumerable<UserScoreResponse> FailingAfter(int count)
    {
        await foreach (var answer in Answers(count))
        {
            yield return answer;
        }

        throw new InvalidOperationException("secret");
    }

    private static async ValueTask<UserScoreResponse> CountUsers(TestService service, IAsyncEnumerable<UserScoreRequest> requests, CallContext context)
    {
        var response = new UserScoreResponse();
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            response.Users.AddRange(request.Users);
        }

        return response;
    }

    private static async IAsyncEnumerable<UserScoreResponse> Echo(TestService service, IAsyncEnumerable<UserScoreRequest> requests, CallContext context)
    {
        await foreach (var request in requests)
        {
            yield return new UserScoreResponse { Users = request.Users };
        }
    }

    internal sealed class TestService;
}
