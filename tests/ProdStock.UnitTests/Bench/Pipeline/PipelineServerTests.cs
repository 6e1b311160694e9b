using Grpc.Core;
using ProdStock.Bench.Pipeline;
using ProdStock.Contracts;
using ProdStock.Host.Hosting;
using ProdStock.UnitTests.Infrastructure;
using ProtoBuf;

namespace ProdStock.UnitTests.Bench.Pipeline;

/// <summary>
/// The pipeline benchmark runs what it claims to run: each server's real application answers every scenario correctly
/// through the in-process transport, A and B answer byte for byte alike, and error answers are seen as errors.
/// </summary>
public sealed class PipelineServerTests(PipelineServersFixture servers) : IClassFixture<PipelineServersFixture>
{
    public static TheoryData<ServerKind, string> ScenariosOnBothServers()
    {
        var data = new TheoryData<ServerKind, string>();
        foreach (var server in Enum.GetValues<ServerKind>())
        {
            foreach (var scenario in PipelineScenario.Names)
            {
                data.Add(server, scenario);
            }
        }

        return data;
    }

    public static TheoryData<string> Scenarios() => new(PipelineScenario.Names);

    [Theory]
    [MemberData(nameof(ScenariosOnBothServers))]
    public async Task CheckAllAsync_EveryRequestOfTheScenario_AnsweredOkAndRight(ServerKind server, string scenario)
    {
        var stream = servers.Server(server).OpenStream();

        var check = () => Scenario(scenario).CheckAllAsync(stream).DefaultTimeout();

        await check.Should().NotThrowAsync();
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task SendAsync_SameRequestToAAndB_SameResponseBytes(string scenario)
    {
        var a = servers.A.OpenStream();
        var b = servers.B.OpenStream();
        var onA = Scenario(scenario);
        var onB = Scenario(scenario);

        await onA.SendNextAsync(a).DefaultTimeout();
        await onB.SendNextAsync(b).DefaultTimeout();

        a.GrpcStatus.Should().Be(0);
        a.ResponseBody.Length.Should().BeGreaterThan(0);
        a.ResponseBody.ToArray().Should().Equal(b.ResponseBody.ToArray());
    }

    [Theory]
    [InlineData(ServerKind.A)]
    [InlineData(ServerKind.B)]
    public async Task SendAsync_ProductIdZero_InvalidArgumentNamingTheField(ServerKind server)
    {
        var stream = servers.Server(server).OpenStream();

        await stream.SendAsync("/services.ProdService/GetProdStock", PipelineScenario.Body(new ProdRequest { ProdId = 0 })).DefaultTimeout();

        stream.StatusCode.Should().Be(200);
        stream.GrpcStatus.Should().Be((int)StatusCode.InvalidArgument);
        stream.GrpcMessage.Should().Contain("prod_id");
        GrpcFrames.Decode(stream.ResponseBody).Should().BeEmpty();
    }

    [Theory]
    [InlineData(ServerKind.A)]
    [InlineData(ServerKind.B)]
    public async Task Check_AnswerWithErrorStatus_ThrowsNamingTheStatus(ServerKind server)
    {
        var stream = servers.Server(server).OpenStream();
        await stream.SendAsync("/services.ProdService/GetProdStock", PipelineScenario.Body(new ProdRequest { ProdId = 999_999 })).DefaultTimeout();

        var check = () => PipelineScenario.Unary().Check(0, stream);

        check.Should().Throw<InvalidOperationException>().WithMessage("unary: HTTP 200, grpc-status 5 (*");
    }

    [Fact]
    public async Task Check_AnswerToAnotherRequest_ThrowsNamingBothProducts()
    {
        var stream = servers.A.OpenStream();
        var unary = PipelineScenario.Unary();
        await unary.SendNextAsync(stream).DefaultTimeout();

        var check = () => unary.Check(1, stream);

        check.Should().Throw<InvalidOperationException>().WithMessage("unary: asked for product 2, got 1");
    }

    [Fact]
    public async Task SendAsync_TwoCallsOnOneStream_SecondAnswerReplacesFirst()
    {
        var stream = servers.A.OpenStream();

        await stream.SendAsync("/services.ProdService/GetProdStock", PipelineScenario.Body(new ProdRequest { ProdId = 0 })).DefaultTimeout();
        await stream.SendAsync("/services.ProdService/GetProdStock", PipelineScenario.Body(new ProdRequest { ProdId = 7 })).DefaultTimeout();

        stream.GrpcStatus.Should().Be(0);
        Serializer.Deserialize<ProdResponse>(GrpcFrames.Decode(stream.ResponseBody).Should().ContainSingle().Subject).ProdId.Should().Be(7);
    }

    [Fact]
    public async Task OpenStream_ConnectionOfTheRestListener_HostsGuardAnswers404()
    {
        // The connection items reach the host's middleware, so the benchmark times the listener guard as Kestrel runs it.
        var stream = servers.A.OpenStream(ListenerKind.Rest);

        await stream.SendAsync("/services.ProdService/GetProdStock", PipelineScenario.Body(new ProdRequest { ProdId = 7 })).DefaultTimeout();

        stream.StatusCode.Should().Be(404);
        stream.GrpcStatus.Should().BeNull();
    }

    private static PipelineScenario Scenario(string name) =>
        PipelineScenario.Named(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, null);
}
