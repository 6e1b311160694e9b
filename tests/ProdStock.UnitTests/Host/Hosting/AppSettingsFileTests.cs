using ProdStock.Host.Hosting;
using ProdStock.UnitTests.Infrastructure;

namespace ProdStock.UnitTests.Host.Hosting;

public sealed class AppSettingsFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (string Copy, string Source) Write(string copy, string source)
    {
        Directory.CreateDirectory(_folder.Combine("src"));
        Directory.CreateDirectory(_folder.Combine("bin"));
        var sourcePath = _folder.Combine("src/appsettings.json");
        var copyPath = _folder.Combine("bin/appsettings.json");
        File.WriteAllText(sourcePath, source);
        File.WriteAllText(copyPath, copy);
        return (copyPath, sourcePath);
    }

    [Fact]
    public void Describe_UnchangedBuildCopy_NamesTheSourceFirst()
    {
        // Arrange
        var (copy, source) = Write("{ broken", "{ broken");

        // Act
        var name = AppSettingsFile.Describe(copy, source);

        // Assert
        name.Should().StartWith(source).And.Contain(copy);
    }

    [Fact]
    public void Describe_CopyDiffersFromSource_NamesTheCopyReadAndTheSource()
    {
        // Arrange
        var (copy, source) = Write("{ broken", "{}");

        // Act
        var name = AppSettingsFile.Describe(copy, source);

        // Assert
        name.Should().StartWith(copy).And.Contain(source).And.Contain("differs");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("missing/appsettings.json")]
    public void Describe_NoSourceOnThisMachine_NamesTheFileRead(string? source)
    {
        // Arrange
        var (copy, _) = Write("{ broken", "{}");

        // Act
        var name = AppSettingsFile.Describe(copy, source is null ? null : _folder.Combine(source));

        // Assert
        name.Should().Be(copy);
    }

    [Fact]
    public void Describe_OtherFileThanTheSource_NamesTheFileRead()
    {
        // Arrange
        var (_, source) = Write("{}", "{}");
        var other = _folder.Combine("bin/appsettings.Production.json");
        File.WriteAllText(other, "{}");

        // Act
        var name = AppSettingsFile.Describe(other, source);

        // Assert
        name.Should().Be(other);
    }
}
