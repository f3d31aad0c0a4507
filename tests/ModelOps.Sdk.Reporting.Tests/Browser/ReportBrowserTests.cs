using Microsoft.Playwright;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;

namespace ModelOps.Sdk.Reporting.Tests.Browser;

/// <summary>
/// Opens the generated report file in headless Chromium (Debian's <c>chromium</c> package, driven by Playwright through its
/// executable path): no console error, no request leaving the file, the key figures in the DOM equal to what the library computed
/// (including credit's reference-versus-current histograms and its scoring load, from the binned windows and scorer telemetry two
/// instances saved), a 1280x800 screenshot kept as test output, and axe-core with no serious or critical violation. A missing
/// browser fails the test.
/// </summary>
public sealed class ReportBrowserTests(ReportRegistry registry) : IClassFixture<ReportRegistry>
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task ReportFile_InHeadlessChromium_ShowsTheLibrarysFiguresOfflineWithoutAccessibilityViolations()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath}; install Debian's 'chromium' package (.ci/run does when it is missing).");
        var output = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(output);
        var file = Path.Combine(output, "report.html");
        await FleetEvidence.SaveAsync(registry.Registry, "credit", 1, registry.Time.GetUtcNow().AddDays(-1), hours: 3, "instance-a", "instance-b");
        await using (var stream = File.Create(file))
        {
            await registry.Generator.WriteHtmlAsync(stream, ReportScope.All);
        }

        var overview = await registry.Generator.ReadOverviewAsync(ReportScope.All);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var errors = new List<string>();
        var external = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                external.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await page.GotoAsync(new Uri(file).AbsoluteUri);

        foreach (var model in overview.Models)
        {
            Assert.Equal(model.Headline.Text, await page.Locator($"ul.headlines li[data-model='{model.Name}'] .headline").InnerTextAsync());
            Assert.Equal(model.Champion is { } c ? $"version {c.Version}" : "not set", await page.Locator($"tr[data-model='{model.Name}'] td[data-field='champion']").InnerTextAsync());
        }

        var credit = overview.Models.Single(m => m.Name == "credit");
        Assert.Contains("bob", await page.Locator("tr[data-model='credit'] td[data-field='approvers']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal($"{credit.AuditChain.EntryCount} entries", (await page.Locator("tr[data-model='credit'] td[data-field='audit']").InnerTextAsync()).Split(' ', 3)[2]);
        Assert.Equal("All dates and times are in UTC.", await page.Locator("#time-zone").InnerTextAsync());
        Assert.Empty(credit.ChampionGates!.Results);
        Assert.Equal("no gates required", await page.Locator("tr[data-model='credit'] td[data-field='gates']").InnerTextAsync());
        Assert.True(await page.Locator("svg[role='img'] title").CountAsync() >= 3);
        var section = await registry.Generator.ReadModelAsync("credit", ReportScope.All);
        var history = Assert.Single(Assert.Single(section.Experiments).Looks).EffectHistory;
        Assert.Equal(2, history.Count);
        Assert.Equal(
            $"{history[^1].Decision.Evidence.ChampionSamples:N0} / {history[^1].Decision.Evidence.ChallengerSamples:N0}",
            await page.Locator("table[data-arm='v2'] tbody tr:last-child td").First.InnerTextAsync());
        Assert.Equal(["instance-a", "instance-b"], Assert.Single(section.Scoring).Total.Instances);
        Assert.All(section.Histograms, static h => Assert.Equal(2, h.Instances));
        await FleetEvidence.AssertShownAsync(page, section, "model-credit");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "report-1280x800.png") });
        await FleetEvidence.ScreenshotAsync(page, "model-credit", output, "report-credit");

        var violations = await AxeCore.SeriousViolationsAsync(page);

        Assert.Empty(violations);
        Assert.Empty(external);
        Assert.Empty(errors);
    }
}
