using ProdStock.Testing.Provisioning;

namespace ProdStock.BrowserTests;

/// <summary>
/// Makes sure Debian's Chromium and its chromedriver are there before a browser starts, so that <c>dotnet test</c> needs
/// no setup step: run as root, the tests install the missing packages with apt-get themselves (once per test run); run
/// as anyone else, they fail, never skip, naming the command that installs them (see <see cref="DebianPackages"/>).
/// </summary>
public static class ChromiumProvisioning
{
    private static readonly string[] RequiredPaths = [HeadlessChromium.BrowserPath, HeadlessChromium.DriverPath];

    private static readonly DebianPackages Packages = new(
        "the browser tests need Debian's Chromium and its driver",
        ["chromium", "chromium-driver"],
        () => [.. RequiredPaths.Where(path => !File.Exists(path))]);

    /// <summary>What a person runs when the tests cannot install the packages themselves; every failure names it.</summary>
    public static string ManualInstallCommand => Packages.ManualInstallCommand;

    /// <summary>Completes when <see cref="HeadlessChromium.BrowserPath"/> and <see cref="HeadlessChromium.DriverPath"/> exist,
    /// installing them first when they are missing and the process runs as root; fails otherwise.</summary>
    public static Task EnsureInstalledAsync() => Packages.EnsureInstalledAsync();

    /// <summary>The decision, given what is missing and whether the process may install it.</summary>
    internal static Task EnsureAsync(IReadOnlyCollection<string> missing, bool runsAsRoot) => Packages.EnsureAsync(missing, runsAsRoot);

    /// <summary>The message for an install that did not leave both programs in place: why, the command, and apt's last lines.</summary>
    internal static string InstallFailedMessage(string reason, string aptOutput) => Packages.InstallFailedMessage(reason, aptOutput);
}
