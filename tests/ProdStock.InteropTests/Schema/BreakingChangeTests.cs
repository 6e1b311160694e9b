using ProdStock.Host.Commands;
using CodeFirst.Schema;
using CodeFirst.Model;

namespace ProdStock.InteropTests.Schema;

/// <summary>The breaking-change guard: the emitted schema against the last released one, and the guard's own rules.</summary>
public sealed class BreakingChangeTests
{
    private const string Baseline = """
        syntax = "proto3";
        package services;
        enum Kind { K0 = 0; K1 = 1; }
        message Item { int32 id = 1; string name = 2; repeated int32 tags = 3; Kind kind = 4; }
        message Items { repeated Item items = 1; }
        service Catalog {
          rpc Get (Item) returns (Item);
          rpc List (Item) returns (stream Items);
        }
        """;

    [Fact]
    public async Task EmittedSchema_ComparedWithLastRelease_HasNoBreakingChange()
    {
        var released = await Protoc.CompileAsync(RepositoryPaths.ReleasedProtos, ProdStockSchema.FileName);
        released.ExitCode.Should().Be(0, released.Diagnostics);
        var current = await Protoc.CompileAsync(RepositoryPaths.Protos, ProdStockSchema.FileName);

        var breaking = SchemaCompatibility.FindBreakingChanges(released.Descriptors!, current.Descriptors!);

        breaking.Should().BeEmpty("protos/released/services.proto is the last release; clients built on it must keep working");
    }

    public static TheoryData<string, string, string> BreakingEdits => new()
    {
        { "removed field", "string name = 2; ", "field services.Item.name = 2 was removed" },
        { "renumbered field", "string name = 2;|string name = 7;", "field services.Item.name was renumbered from 2 to 7" },
        { "renamed field", "string name = 2;|string title = 2;", "was renamed from name to title" },
        { "changed field type", "string name = 2;|bytes name = 2;", "changed type from String to Bytes" },
        { "int32 to sint64", "int32 id = 1;|sint64 id = 1;", "changed type from Int32 to Sint64" },
        { "changed label", "repeated int32 tags = 3;|int32 tags = 3;", "changed label from Repeated to Optional" },
        { "removed enum value", " K1 = 1;", "enum value services.Kind.K1 = 1 was removed" },
        { "removed method", "rpc Get (Item) returns (Item);", "method services.Catalog.Get was removed" },
        { "changed streaming kind", "returns (stream Items)|returns (Items)", "changed streaming kind from server streaming to unary" },
        { "changed request type", "rpc Get (Item)|rpc Get (Items)", "method services.Catalog.Get changed from (.services.Item)" },
    };

    [Theory]
    [MemberData(nameof(BreakingEdits))]
    public async Task FindBreakingChanges_BreakingEdit_IsReported(string why, string edit, string expected)
    {
        var changed = Apply(Baseline, edit);

        var breaking = SchemaCompatibility.FindBreakingChanges(
            await Protoc.CompileTextAsync("catalog.proto", Baseline), await Protoc.CompileTextAsync("catalog.proto", changed));

        breaking.Should().ContainSingle(why).Which.Should().Contain(expected);
    }

    [Fact]
    public async Task FindBreakingChanges_Int64NarrowedToInt32_IsReported()
    {
        var wide = Baseline.Replace("int32 id = 1;", "int64 id = 1;", StringComparison.Ordinal);

        var breaking = SchemaCompatibility.FindBreakingChanges(
            await Protoc.CompileTextAsync("catalog.proto", wide), await Protoc.CompileTextAsync("catalog.proto", Baseline));

        breaking.Should().ContainSingle().Which.Should().Contain("changed type from Int64 to Int32", "values past 2^31 would be cut");
    }

    [Fact]
    public async Task FindBreakingChanges_AdditionsAndInt32WidenedToInt64_ReportsNothing()
    {
        var extended = Baseline
            .Replace("Kind kind = 4; }", "Kind kind = 4; int64 stock = 5; }", StringComparison.Ordinal)
            .Replace("K1 = 1; }", "K1 = 1; K2 = 2; }", StringComparison.Ordinal)
            .Replace("rpc List", "rpc Count (Item) returns (Items);\n  rpc List", StringComparison.Ordinal)
            + "\nmessage Extra { int32 x = 1; }\n";
        extended = extended.Replace("int32 id = 1;", "int64 id = 1;", StringComparison.Ordinal); // widened: the same varint

        var breaking = SchemaCompatibility.FindBreakingChanges(
            await Protoc.CompileTextAsync("catalog.proto", Baseline), await Protoc.CompileTextAsync("catalog.proto", extended));

        breaking.Should().BeEmpty();
    }

    /// <summary>"old|new" replaces old with new; a single text is removed.</summary>
    private static string Apply(string source, string edit)
    {
        var parts = edit.Split('|');
        source.Should().Contain(parts[0]);
        return source.Replace(parts[0], parts.Length > 1 ? parts[1] : "", StringComparison.Ordinal);
    }
}
