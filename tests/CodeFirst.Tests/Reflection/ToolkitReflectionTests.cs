using CodeFirst.AspNetCore;
using CodeFirst.AspNetCore.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace CodeFirst.Tests.Reflection;

/// <summary>
/// Server reflection of a contract the toolkit has never seen: a client that knows only the reflection protocol lists the
/// services, reads their descriptors and calls them.
/// </summary>
public sealed class ToolkitReflectionTests(ToolkitHost host) : IClassFixture<ToolkitHost>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<ReflectionVersion> Versions => [ReflectionVersion.V1, ReflectionVersion.V1Alpha];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ListServices_EitherVersion_ListsTheContractServicesAndReflection(ReflectionVersion version)
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);

        var services = await new ReflectionProbe(channel.CreateCallInvoker(), version, Timeout).ListServicesAsync();

        services.Should().BeEquivalentTo(
            "library.v1.Shelf", "library.v1.Checkout", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task FileContainingSymbol_Service_ReturnsItsFileWithEveryImport(ReflectionVersion version)
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);

        var files = await new ReflectionProbe(channel.CreateCallInvoker(), version, Timeout).FileContainingSymbolAsync("library.v1.Shelf");

        files[0].Name.Should().Be("library.v1.proto");
        files[0].Package.Should().Be("library.v1");
        files[0].Dependency.Should().BeEquivalentTo("validate/validate.proto", "google/api/annotations.proto");
        files.Select(file => file.Name).Should().BeEquivalentTo(
            "library.v1.proto", "validate/validate.proto", "google/api/annotations.proto", "google/api/http.proto",
            "google/protobuf/descriptor.proto", "google/protobuf/duration.proto", "google/protobuf/timestamp.proto");
        var built = ReflectionProbe.Build(files);
        var shelf = built.Single(file => file.Name == "library.v1.proto").FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Shelf");
        shelf.Methods.Select(method => method.Name).Should().Equal("GetBook", "AddBook", "ListBooks");
        shelf.FindMethodByName("ListBooks").IsServerStreaming.Should().BeTrue();
        files[0].Service.Single(s => s.Name == "Shelf").Method.Single(m => m.Name == "GetBook").Options.Should()
            .NotBeNull("the [HttpRoute] travels as option (google.api.http)");
        files[0].MessageType.Single(m => m.Name == "Book").Field.Single(f => f.Name == "isbn").Options.Should()
            .NotBeNull("the validation rules travel as option (validate.rules)");
        built.Single(file => file.Name == "google/api/http.proto").FindTypeByName<Google.Protobuf.Reflection.MessageDescriptor>("HttpRule")
            .FindFieldByName("response_body").Should().NotBeNull("the export may write response_body");
    }

    [Theory]
    [InlineData("library.v1.Book")]
    [InlineData("library.v1.Genre")]
    [InlineData("library.v1.Checkout.Borrow")]
    public async Task FileContainingSymbol_MessageEnumOrMethod_ReturnsTheContractFile(string symbol)
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);

        var files = await new ReflectionProbe(channel.CreateCallInvoker(), ReflectionVersion.V1, Timeout).FileContainingSymbolAsync(symbol);

        files[0].Name.Should().Be("library.v1.proto");
    }

    [Fact]
    public async Task FileByFilename_ContractFile_ReturnsItWithItsImports()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);

        var files = await new ReflectionProbe(channel.CreateCallInvoker(), ReflectionVersion.V1, Timeout).FileByFilenameAsync("library.v1.proto");

        files[0].MessageType.Select(message => message.Name).Should().Contain(["Book", "BookQuery"]);
        files.Should().HaveCount(7);
    }

    [Fact]
    public async Task FileContainingSymbol_UnknownSymbol_AnswersNotFound()
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);

        var error = await new ReflectionProbe(channel.CreateCallInvoker(), ReflectionVersion.V1Alpha, Timeout).ErrorForSymbolAsync("library.v1.Nothing");

        error.Should().NotBeNull();
        error!.Value.Code.Should().Be((int)StatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task GetBook_CalledFromReflectedDescriptorsOnly_ReturnsTheBook(ReflectionVersion version)
    {
        using var channel = GrpcChannel.ForAddress(host.GrpcAddress);
        var invoker = channel.CreateCallInvoker();
        var files = await new ReflectionProbe(invoker, version, Timeout).FileContainingSymbolAsync("library.v1.Shelf");
        var getBook = ReflectionProbe.Build(files).SelectMany(file => file.Services).Single(s => s.FullName == "library.v1.Shelf").FindMethodByName("GetBook");

        var book = await DynamicCall.UnaryAsync(invoker, getBook, new Dictionary<string, object> { ["isbn"] = "9780141439518" }, Timeout);

        book["title"].Should().Be("Pride and Prejudice");
        book["genre"].Should().Be("NOVEL");
        book["price"].Should().Be(7.5);
        book["authors"].Should().BeEquivalentTo(new object[] { "Jane Austen" });
    }

    [Fact]
    public void Build_ContractsOfTwoPackages_MakesOneFilePerPackage()
    {
        CodeFirst.Schema.ProtoSchemaExporter.Export([typeof(IArchive)]).Should().ContainEquivalentOf("e+308", "the export writes the bound so");

        var files = ContractFileDescriptors.Build([typeof(IShelf), typeof(IArchive)]);

        files.Select(file => file.Name).Should().Equal("library.v1.proto", "archive.v2.proto");
        files[1].Services.Single().FullName.Should().Be("archive.v2.Archive");
        files[1].FindTypeByName<Google.Protobuf.Reflection.MessageDescriptor>("Appraisal").FindFieldByName("value")
            .Should().NotBeNull("a [Finite] bound written 1.7976931348623157e+308 parses");
    }

    [Theory]
    [InlineData("lte: 3.4028235e+38}", "lte: 3.4028235e38}")]
    [InlineData("gte: -1.7976931348623157E+308,", "gte: -1.7976931348623157E308,")]
    [InlineData("gt: 1.e+5", "gt: 1.e5")]
    [InlineData("lte: 1e-5", "lte: 1e-5")]
    [InlineData("pattern: \"^1e+5$\"", "pattern: \"^1e+5$\"")]
    [InlineData("pattern: \"\\\"1e+5\"", "pattern: \"\\\"1e+5\"")]
    [InlineData("int32 a = 1; // 1e+5", "int32 a = 1; // 1e+5")]
    public void WithoutExponentPlusSigns_SchemaText_DropsOnlyTheSignsOfNumberExponents(string text, string expected)
    {
        ContractFileDescriptors.WithoutExponentPlusSigns(text).Should().Be(expected);
    }

    [Fact]
    public void MapCodeFirstReflection_WithoutAddCodeFirstReflection_Throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddValidatedCodeFirstGrpc();
        var app = builder.Build();

        var act = () => app.MapCodeFirstReflection();

        act.Should().Throw<InvalidOperationException>().WithMessage("*AddCodeFirstReflection*");
    }
}

/// <summary>A second package, with a rule the export writes with an exponent (<c>[Finite]</c>: ±1.7976931348623157e+308).</summary>
[System.ServiceModel.ServiceContract(Name = "archive.v2.Archive")]
public interface IArchive
{
    [System.ServiceModel.OperationContract(Name = "Appraise")]
    ValueTask<Appraisal> AppraiseAsync(Appraisal request, ProtoBuf.Grpc.CallContext context = default);
}

[ProtoBuf.ProtoContract(Name = "Appraisal")]
public sealed class Appraisal
{
    [CodeFirst.Validation.Finite]
    [ProtoBuf.ProtoMember(1, Name = "value")]
    public double Value { get; set; }
}
