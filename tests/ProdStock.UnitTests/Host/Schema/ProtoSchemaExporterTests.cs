using ProdStock.Host.Commands;
using System.ServiceModel;
using CodeFirst.Schema;
using ProtoBuf;
using ProtoBuf.Grpc;
using ProtoBuf.Meta;
using CodeFirst.Model;

namespace ProdStock.UnitTests.Host.Schema;

public sealed class ProtoSchemaExporterTests
{
    [ServiceContract(Name = "services.PingService")]
    public interface IPingService
    {
        ValueTask<PingReply> PingAsync(CallContext context = default);

        ValueTask PokeAsync(PingReply request, CallContext context = default);
    }

    [ProtoContract]
    [CompatibilityLevel(CompatibilityLevel.Level300)]
    public sealed class PingReply
    {
        [ProtoMember(1, Name = "at")]
        public DateTime At { get; set; }
    }

    [Fact]
    public void Export_MethodWithoutArgument_UsesGoogleProtobufEmpty()
    {
        var schema = ProtoSchemaExporter.Export([typeof(IPingService)], RuntimeTypeModel.Default);

        schema.Should().Contain("import \"google/protobuf/empty.proto\";")
            .And.Contain("rpc Ping (.google.protobuf.Empty) returns (PingReply);")
            .And.Contain("rpc Poke (PingReply) returns (.google.protobuf.Empty);")
            .And.NotContain("message Empty");
    }

    [ServiceContract(Name = "services.LegacyService")]
    public interface ILegacyService
    {
        ValueTask<LegacyReply> GetAsync(LegacyReply request, CallContext context = default);
    }

    [ProtoContract]
    public sealed class LegacyReply
    {
        [ProtoMember(1)]
        public decimal Amount { get; set; }
    }

    [Fact]
    public void Export_ContractWithBclType_ThrowsNamingTheProblem()
    {
        var act = () => ProtoSchemaExporter.Export([typeof(ILegacyService)], RuntimeTypeModel.Default);

        act.Should().Throw<InvalidOperationException>().WithMessage("*bcl.proto*");
    }

    [Fact]
    public void Export_ProdStockContracts_HasPackageServicesAndNoBclTypes()
    {
        var schema = ProdStockSchema.Export();

        schema.Should().StartWith("// Generated from the C# contracts").And.Contain("package services;")
            .And.Contain("import \"google/protobuf/timestamp.proto\";").And.NotContain("bcl");
        schema.Should().Contain("rpc GetUserScoreByDoubleEndStream (stream UserScoreRequest) returns (stream UserScoreResponse);");
    }

    [Fact]
    public void Export_CalledTwice_IsIdentical()
    {
        ProdStockSchema.Export().Should().Be(ProdStockSchema.Export());
    }
}
