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

    [Fact]
    public async Task DocsPage_TryItOutPostUserScores_PassesTheSameOriginCheckAndViolatesNoContentSecurityPolicy()
    {
        using var browser = await HeadlessChromium.StartAsync();
        try
        {
            // Arrange: the page, and the GetUserScore operation (POST /v1/users/scores, a JSON body).
            browser.Driver.Navigate().GoToUrl(new Uri(fixture.RestAddress, "/docs"));
            var operation = browser.WaitFor("the GetUserScore operation", d =>
                d.FindElement(By.XPath("//div[contains(@class,'opblock ')][.//*[contains(@class,'opblock-summary-operation-id') and normalize-space()='GetUserScore']]")));

            // Act: "Try it out" with user 1's score as the body, "Execute": the browser sends Origin and Sec-Fetch-Site itself.
            operation.FindElement(By.CssSelector(".opblock-summary-control")).Click();
            browser.WaitFor("the 'Try it out' button", _ => operation.FindElement(By.CssSelector("button.try-out__btn"))).Click();
            var body = browser.WaitFor("the body editor", _ => operation.FindElement(By.CssSelector("textarea.body-param__text")));
            body.Clear();
            body.SendKeys("""{"users":[{"user_id":1}]}""");
            browser.WaitFor("the 'Execute' button", _ => operation.FindElement(By.CssSelector("button.execute"))).Click();
            var status = browser.WaitFor("the live response's status", _ =>
            {
                var cell = operation.FindElement(By.CssSelector(".live-responses-table tr.response .response-col_status"));
                return cell.Text.Length > 0 ? cell.Text : null;
            });
            var violations = ((IJavaScriptExecutor)browser.Driver).ExecuteAsyncScript("""
                const done = arguments[arguments.length - 1];
                const seen = [];
                const observer = new ReportingObserver(reports => seen.push(...reports.map(r => r.body.effectiveDirective + ' ' + r.body.blockedURL)),
                    { types: ['csp-violation'], buffered: true });
                observer.observe();
                setTimeout(() => { seen.push(...observer.takeRecords().map(r => r.body.effectiveDirective + ' ' + r.body.blockedURL)); done(seen); }, 500);
                """) as IReadOnlyCollection<object>;

            // Assert: the same-origin POST is served (not 403 or 415), and the page's policy blocked nothing it loads.
            status.Should().Contain("200", operation.FindElement(By.CssSelector(".live-responses-table")).Text);
            operation.FindElement(By.CssSelector(".live-responses-table")).Text.Should().Contain("user_score");
            violations.Should().NotBeNull().And.BeEmpty("Swagger UI must work under the page's Content-Security-Policy");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Screenshot of the page: {browser.Screenshot()}", ex);
        }
    }
}
