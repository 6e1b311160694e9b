namespace ProdStock.BrowserTests;

/// <summary>
/// The paths of <see cref="ChromiumProvisioning"/> that run as any user. The install itself is proved by the browser test:
/// on a machine without Chromium, run as root, it passes only when apt-get really installed it.
/// </summary>
public sealed class ChromiumProvisioningTests
{
    // Written out, not taken from the constant: what a person copies from the message is the contract.
    private const string SudoCommand = "`sudo apt-get install -y chromium chromium-driver`";

    [Fact]
    public async Task EnsureAsync_MissingAndNotRoot_FailsNamingTheSudoCommand()
    {
        var ensure = () => ChromiumProvisioning.EnsureAsync([HeadlessChromium.BrowserPath, HeadlessChromium.DriverPath], runsAsRoot: false);

        (await ensure.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Contain("/usr/bin/chromium and /usr/bin/chromedriver are missing")
            .And.Contain(SudoCommand);
    }

    [Fact]
    public async Task EnsureAsync_NothingMissingAndNotRoot_Completes()
    {
        var ensure = () => ChromiumProvisioning.EnsureAsync([], runsAsRoot: false);

        await ensure.Should().NotThrowAsync();
    }

    [Fact]
    public void InstallFailedMessage_LongAptOutput_NamesTheSudoCommandAndKeepsTheTail()
    {
        var aptOutput = string.Join('\n', Enumerable.Range(1, 100).Select(i => $"line {i}")) + "\nE: Unable to locate package chromium-driver\n";

        var message = ChromiumProvisioning.InstallFailedMessage("`apt-get install -y --no-install-recommends chromium chromium-driver` exited with 100", aptOutput);

        message.Should().Contain(SudoCommand)
            .And.Contain("exited with 100")
            .And.Contain("E: Unable to locate package chromium-driver")
            .And.Contain("line 100");
        message.Split(Environment.NewLine).Should().NotContain("line 1", "only the tail of apt's output is kept");
    }
}
