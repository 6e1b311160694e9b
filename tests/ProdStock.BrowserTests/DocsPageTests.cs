using OpenQA.Selenium;
using ProdStock.Contracts;
using ProdStock.Services.Storage.DemoData;

namespace ProdStock.BrowserTests;

/// <summary>The REST gateway's documentation page in a real (headless) browser, as a person would use it.</summary>
[Collection(BrowserHostCollection.Name)]
public sealed class DocsPageTests(BrowserHostFixture fixture)
{
    [Fact]
    public async Task DocsPage_TryItOutGetProdStockForProduct1_ShowsStockOfAreaA()
    {
        var expected = DemoDataSet.Product(1)!.StockIn(ProdAreas.A);
        var origin = fixture.RestAddress.GetLeftPart(UriPartial.Authority);
        using var browser = await HeadlessChromium.StartAsync();
        try
        {
            // Arrange: the page, with the operation list rendered from /openapi/v1.json.
            browser.Driver.Navigate().GoToUrl(new Uri(fixture.RestAddress, "/docs"));
            var operation = browser.WaitFor("the GetProdStock operation", d =>
                d.FindElement(By.XPath("//div[contains(@class,'opblock ')][.//*[contains(@class,'opblock-summary-operation-id') and normalize-space()='GetProdStock']]")));

            // Act: expand it, "Try it out", prod_id = 1, "Execute".
            operation.FindElement(By.CssSelector(".opblock-summary-control")).Click();
            browser.WaitFor("the 'Try it out' button", _ => operation.FindElement(By.CssSelector("button.try-out__btn"))).Click();
            var prodId = browser.WaitFor("the prod_id input", _ => operation.FindElement(By.CssSelector("tr[data-param-name='prod_id'] input")));
            prodId.Clear();
            prodId.SendKeys("1");
            browser.WaitFor("the 'Execute' button", _ => operation.FindElement(By.CssSelector("button.execute"))).Click();
            var responseText = browser.WaitFor("the live response of the call", _ =>
            {
                var live = operation.FindElement(By.CssSelector(".live-responses-table"));
                return live.Text.Contains("prod_stock", StringComparison.Ordinal) ? live.Text : null;
            });

            // Assert: the body shown is the stock of product 1 in area A, fetched from the host itself.
            responseText.Should().Contain($"\"prod_stock\": {expected}").And.Contain("\"prod_id\": 1");
            operation.FindElement(By.CssSelector(".live-responses-table tr.response .response-col_status")).Text.Should().Contain("200");
            var requested = ((IJavaScriptExecutor)browser.Driver)
                .ExecuteScript("return performance.getEntriesByType('resource').map(e => e.name);") as IReadOnlyCollection<object>;
            requested.Should().NotBeNullOrEmpty().And.OnlyContain(url => url.ToString()!.StartsWith(origin + "/", StringComparison.Ordinal),
                "the page works offline: its scripts, styles, document and calls all come from the host (no CDN, no online validator)");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Screenshot of the page: {browser.Screenshot()}", ex);
        }
    }
}
