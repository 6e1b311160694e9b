using CodeFirst.Tests.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ProdStock.Host.Commands;
using ProdStock.Testing;

namespace ProdStock.InteropTests.Schema;

/// <summary>
/// What the host's server reflection serves is what protoc makes of the checked-in <c>protos/services.proto</c> and of
/// the files it imports there: the descriptors are built from the same exported set by protobuf-net.Reflection rather
/// than protoc. The well-known types are served as Google.Protobuf compiled them, so they are not compared.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class ReflectedSchemaTests(HostFixture fixture)
{
    [Fact]
    public async Task FileByFilename_ServicesProtoAndItsImports_EqualProtocCompilationOfTheCheckedInFiles()
    {
        var compiled = (await Protoc.CompileAsync(RepositoryPaths.Protos, ProdStockSchema.FileName)).Descriptors!.File;
        using var channel = RawChannels.Tls(fixture.Address, fixture.Certificates.Authority, fixture.Certificates.Client);
        var probe = new ReflectionProbe(channel.CreateCallInvoker(), ReflectionVersion.V1, TaskTimeoutExtensions.Timeout);

        var reflected = await probe.FileByFilenameAsync(ProdStockSchema.FileName).DefaultTimeout();

        var parser = FileDescriptorProto.Parser.WithExtensionRegistry(Protoc.Extensions);
        var served = reflected.Select(file => parser.ParseFrom(file.ToByteString())).ToDictionary(file => file.Name);
        served[ProdStockSchema.FileName].Should().Be(compiled.Single(file => file.Name == ProdStockSchema.FileName), "the served file is the checked-in schema, compiled");
        foreach (var name in new[] { "validate/validate.proto", "google/api/annotations.proto", "google/api/http.proto" })
        {
            served[name].Should().Be(compiled.Single(file => file.Name == name), name);
        }
    }
}
