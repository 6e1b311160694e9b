using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ProdStock.BrowserTests;

/// <summary>
/// Debian's headless Chromium driven through Debian's chromedriver, with a fresh profile that is deleted afterwards.
/// Both paths are given to Selenium, so Selenium Manager never runs (and never downloads anything).
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    /// <summary>The bound on every wait for the page.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _profile;

    private HeadlessChromium(ChromeDriver driver, string profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Starts the browser, installing Chromium and its driver first when they are missing (see <see cref="ChromiumProvisioning"/>).</summary>
    public static async Task<HeadlessChromium> StartAsync()
    {
        await ChromiumProvisioning.EnsureInstalledAsync();

        // Belt and braces: should anything still call Selenium Manager, it must not go online.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var profile = Directory.CreateTempSubdirectory("prodstock-chromium-").FullName;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1600",
            // Test only: the page is served with the test CA's certificate, which this browser profile does not trust.
            "--ignore-certificate-errors",
            $"--user-data-dir={profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        try
        {
            var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            driver.Manage().Timeouts().PageLoad = Timeout;
            driver.Manage().Timeouts().AsynchronousJavaScript = Timeout;
            return new HeadlessChromium(driver, profile);
        }
        catch
        {
            service.Dispose();
            DeleteProfile(profile);
            throw;
        }
    }

    /// <summary>Waits, at most <see cref="Timeout"/>, until <paramref name="condition"/> gives a value; the message says what was awaited.</summary>
    public T WaitFor<T>(string what, Func<IWebDriver, T?> condition)
    {
        var wait = new WebDriverWait(Driver, Timeout) { Message = $"waited {Timeout.TotalSeconds:0} s for {what}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException), typeof(ElementNotInteractableException));
        return wait.Until(driver => condition(driver))!;
    }

    /// <summary>Saves a screenshot of the page to a new temporary file and returns its path (or why there is none).</summary>
    public string Screenshot()
    {
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"prodstock-docs-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.png");
            Driver.GetScreenshot().SaveAsFile(path);
            return path;
        }
        catch (WebDriverException ex)
        {
            return $"(no screenshot: {ex.Message})";
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        DeleteProfile(_profile);
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A profile folder left in /tmp is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
