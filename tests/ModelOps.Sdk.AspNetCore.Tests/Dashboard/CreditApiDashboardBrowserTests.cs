using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOps.Sdk.AspNetCore.Tests.CreditApi;
using ModelOps.Sdk.Reporting;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;

namespace ModelOps.Sdk.AspNetCore.Tests.Dashboard;

/// <summary>
/// The live dashboard of the CreditApi sample, served by Kestrel on a loopback port and opened in headless Chromium (Debian's
/// <c>chromium</c> package, driven by Playwright through its executable path): refused without the sample's key, then no console
/// error, no request leaving the machine, the key figures in the DOM equal to what the library computes (on the model's page, the
/// champion's reference-versus-current histograms and scoring load from the binned windows and scorer telemetry that two instances
/// saved), 1280x800 screenshots kept as test output, and axe-core with no serious or critical violation on the overview and the
/// model's page.
/// </summary>
public sealed class CreditApiDashboardBrowserTests : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string Model = "credit-limit";

    private readonly CreditApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task LiveDashboard_InHeadlessChromium_ShowsTheLibrarysFiguresFromLoopbackOnlyWithoutAccessibilityViolations()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath}; install Debian's 'chromium' package (.ci/run does when it is missing).");
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var generator = _factory.Services.GetRequiredService<IModelOpsReportGenerator>();
        await UntilSeededAsync(generator);
        var registry = _factory.Services.GetRequiredService<IModelRegistry>();
        var champion = (await registry.ResolveAliasAsync(Model, "champion")).Version;
        await FleetEvidence.SaveAsync(registry, Model, champion, _factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-1), hours: 3, "credit-api-1", "credit-api-2");

        using (var client = new HttpClient { BaseAddress = new Uri(address) })
        {
            using var refused = await client.GetAsync("/modelops");
            using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/modelops/api/models");
            wrongKey.Headers.Add("X-Api-Key", "guessed");
            using var refusedWrongKey = await client.SendAsync(wrongKey);
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/modelops/api/models/{Model}");
            read.Headers.Add("X-Api-Key", CreditApiFactory.DashboardApiKey);
            using var json = await client.SendAsync(read);
            using var content = System.Text.Json.JsonDocument.Parse(await json.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refusedWrongKey.StatusCode);
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            Assert.Equal(Model, content.RootElement.GetProperty("summary").GetProperty("name").GetString());
            Assert.Equal("live", content.RootElement.GetProperty("experiments")[0].GetProperty("definition").GetProperty("name").GetString());
        }

        var output = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(output);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Api-Key"] = CreditApiFactory.DashboardApiKey },
            // The pages' content security policy allows no script: bypassed only so that axe-core can be injected.
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
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
            var host = new Uri(route.Request.Url).Host;
            if (host is "127.0.0.1" or "localhost" or "[::1]")
            {
                await route.ContinueAsync();
            }
            else
            {
                external.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        // The registry keeps moving under a live service (statistics, loops): compare with the library at one state.
        var overview = await OverviewAsShownAsync(generator, async () => (await page.GotoAsync(address + "/modelops"))!);
        var credit = overview.Models.Single(m => m.Name == Model);
        Assert.Equal(credit.Headline.Text, await page.Locator($"ul.headlines li[data-model='{Model}'] .headline").InnerTextAsync());
        Assert.Equal($"version {credit.Champion!.Version}", await page.Locator($"tr[data-model='{Model}'] td[data-field='champion']").InnerTextAsync());
        Assert.Equal($"version {credit.Challenger!.Version}", await page.Locator($"tr[data-model='{Model}'] td[data-field='challenger']").InnerTextAsync());
        Assert.Equal($"{credit.AuditChain.EntryCount} entries", (await page.Locator($"tr[data-model='{Model}'] td[data-field='audit']").InnerTextAsync()).Split(' ', 3)[2]);
        Assert.Equal("All dates and times are in UTC.", await page.Locator("#time-zone").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "dashboard-overview-1280x800.png") });
        var overviewViolations = await AxeCore.SeriousViolationsAsync(page);

        await page.Locator($"tr[data-model='{Model}'] th a").ClickAsync();
        await page.WaitForURLAsync($"**/modelops/models/{Model}");
        var section = await generator.ReadModelAsync(Model, ReportScope.All);
        Assert.Equal(section.Summary.Headline.Text, await page.Locator($"section#model-{Model} .headline[data-model='{Model}']").InnerTextAsync());
        Assert.Equal($"Model {Model}", await page.Locator($"#model-{Model}-h").InnerTextAsync());
        Assert.Equal(["credit-api-1", "credit-api-2"], section.Scoring.Single(l => l.Version == champion).Total.Instances);
        await FleetEvidence.AssertShownAsync(page, section, $"model-{Model}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "dashboard-model-1280x800.png") });
        await FleetEvidence.ScreenshotAsync(page, $"model-{Model}", output, "dashboard-model");
        var modelViolations = await AxeCore.SeriousViolationsAsync(page);

        Assert.Empty(overviewViolations);
        Assert.Empty(modelViolations);
        Assert.Empty(external);
        Assert.Empty(errors);
    }

    /// <summary>Loads the page until the library's overview is the same just before and just after, and returns that overview.</summary>
    private static async Task<ReportOverview> OverviewAsShownAsync(IModelOpsReportGenerator generator, Func<Task<IResponse>> load)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var before = await generator.ReadOverviewAsync(ReportScope.All);
            var response = await load();
            Assert.Equal(200, response.Status);
            var after = await generator.ReadOverviewAsync(ReportScope.All);
            if (Same(before, after) || DateTime.UtcNow > deadline)
            {
                return after;
            }
        }

        static bool Same(ReportOverview a, ReportOverview b) =>
            a.Models.Select(Key).SequenceEqual(b.Models.Select(Key));

        static string Key(ModelSummary m) => $"{m.Name} {m.Headline.Text} {m.Champion?.Version} {m.Challenger?.Version} {m.AuditChain.EntryCount}";
    }

    private static async Task UntilSeededAsync(IModelOpsReportGenerator generator)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await generator.ReadOverviewAsync(ReportScope.All)).Models.Any(m => m.Name == Model && m.Champion is not null && m.Challenger is not null))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The sample did not register {Model} with a champion and a challenger within 30 seconds.");
            await Task.Delay(100);   // the poll interval of a wait for a state, bounded by the deadline above
        }
    }
}
