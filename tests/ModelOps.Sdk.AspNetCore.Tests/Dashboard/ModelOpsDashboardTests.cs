using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.AspNetCore.Tests.Infrastructure;
using ModelOps.Sdk.Reporting;

namespace ModelOps.Sdk.AspNetCore.Tests.Dashboard;

/// <summary>
/// The live dashboard on a real ASP.NET Core application with a filesystem registry, attacked as a stranger would: without
/// credentials, with the wrong role, with write methods, and with odd model names in the path.
/// </summary>
public sealed class ModelOpsDashboardTests
{
    private const string Policy = "ModelOpsDashboard";

    private const string Table = """
        { "formatVersion": 1, "hitPolicy": "FIRST",
          "inputs": [ { "name": "country", "type": "string" } ], "outputs": [ { "name": "decision", "type": "string" } ],
          "rules": [ { "id": "any", "then": { "decision": "APPROVE" } } ] }
        """;

    private static readonly string[] Paths = ["/modelops", "/modelops/models/countries", "/modelops/api/models", "/modelops/api/models/countries"];

    [Fact]
    public async Task Dashboard_Anonymous_IsRefused401OnEveryEndpoint()
    {
        await using var app = await StartAsync();

        foreach (var path in Paths)
        {
            using var response = await app.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("countries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dashboard_UserWithoutThePolicysRole_IsRefused403OnEveryEndpoint()
    {
        await using var app = await StartAsync();

        foreach (var path in Paths)
        {
            using var response = await app.Client.SendAsync(Get(path, role: "trader"));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Dashboard_AuthorizedReader_SeesTheFiguresTheLibraryComputes_InHtmlAndJson()
    {
        await using var app = await StartAsync();
        var generator = app.Services.GetRequiredService<IModelOpsReportGenerator>();
        var overview = await generator.ReadOverviewAsync(ReportScope.All);
        var model = Assert.Single(overview.Models);

        using var page = await app.Client.SendAsync(Get("/modelops"));
        using var modelPage = await app.Client.SendAsync(Get("/modelops/models/countries"));
        using var json = await app.Client.SendAsync(Get("/modelops/api/models"));
        using var modelJson = await app.Client.SendAsync(Get("/modelops/api/models/countries"));
        var html = await page.Content.ReadAsStringAsync();
        var modelHtml = await modelPage.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        using var section = JsonDocument.Parse(await modelJson.Content.ReadAsStringAsync());

        Assert.All(new[] { page, modelPage, json, modelJson }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Contains("<a href=\"/modelops/models/countries\">countries</a>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"headline\">{model.Headline.Text}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<td data-field=\"champion\">version {model.Champion!.Version}</td>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"model-countries\"", modelHtml, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/modelops\">All models</a>", modelHtml, StringComparison.Ordinal);

        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var listed = Assert.Single(document.RootElement.GetProperty("models").EnumerateArray());
        Assert.Equal("countries", listed.GetProperty("name").GetString());
        Assert.Equal(model.Champion.Version, listed.GetProperty("champion").GetProperty("version").GetInt32());
        Assert.Equal(model.LatestVersion, listed.GetProperty("latestVersion").GetInt32());
        Assert.Equal(model.AuditChain.EntryCount, listed.GetProperty("auditChain").GetProperty("entryCount").GetInt64());
        Assert.Equal(model.Headline.Text, listed.GetProperty("headline").GetProperty("text").GetString());
        Assert.Equal("UTC", document.RootElement.GetProperty("timeZone").GetString());
        Assert.Equal(2, section.RootElement.GetProperty("versions").GetArrayLength());
        Assert.Equal("countries", section.RootElement.GetProperty("summary").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Dashboard_PeriodInTheQuery_ScopesPagesAndJson_AndTravelsInTheLinks()
    {
        await using var app = await StartAsync();
        const string Query = "?from=2026-03-02&to=2026-03-05T12:00:00%2B02:00";
        const string Carried = "?from=2026-03-02T00%3A00%3A00.0000000%2B00%3A00&to=2026-03-05T10%3A00%3A00.0000000%2B00%3A00";

        using var page = await app.Client.SendAsync(Get("/modelops" + Query));
        using var modelPage = await app.Client.SendAsync(Get("/modelops/models/countries" + Query));
        using var json = await app.Client.SendAsync(Get("/modelops/api/models" + Query));
        var html = await page.Content.ReadAsStringAsync();
        var modelHtml = await modelPage.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());

        Assert.All(new[] { page, modelPage, json }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var scope = document.RootElement.GetProperty("scope");
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), scope.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), scope.GetProperty("to").GetDateTimeOffset());
        Assert.Contains("Period: from 2026-03-02 00:00 until 2026-03-05 10:00.", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/modelops/models/countries{Carried.Replace("&", "&amp;", StringComparison.Ordinal)}\">countries</a>", html, StringComparison.Ordinal);
        Assert.Contains($"/modelops/api/models{Carried.Replace("&", "&amp;", StringComparison.Ordinal)}", html, StringComparison.Ordinal);
        Assert.Contains("<strong id=\"time-zone\">All dates and times are in UTC.</strong>", modelHtml, StringComparison.Ordinal);
        Assert.Contains("<span id=\"period\">Period: from 2026-03-02 00:00 until 2026-03-05 10:00.</span>", modelHtml, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/modelops{Carried.Replace("&", "&amp;", StringComparison.Ordinal)}\">All models</a>", modelHtml, StringComparison.Ordinal);

        // The same registry, all time: a response kept for a period is not served for another.
        using var allTime = await app.Client.SendAsync(Get("/modelops/api/models"));
        using var all = JsonDocument.Parse(await allTime.Content.ReadAsStringAsync());
        Assert.False(all.RootElement.GetProperty("scope").TryGetProperty("from", out _), all.RootElement.GetProperty("scope").ToString());
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-13-01", "to")]
    [InlineData("?from=2026-03-05&to=2026-03-01", "to")]
    [InlineData("?from=2026-03-05&to=2026-03-05", "to")]
    [InlineData("?from=2026-03-01&from=2026-03-02", "from")]
    public async Task Dashboard_InvalidPeriod_Is400NamingTheParameter_OnPagesAndJson(string query, string parameter)
    {
        await using var app = await StartAsync();

        using var page = await app.Client.SendAsync(Get("/modelops/models/countries" + query));
        using var json = await app.Client.SendAsync(Get("/modelops/api/models" + query));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"The query parameter &#39;{parameter}&#39;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("yesterday", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
        Assert.StartsWith($"The query parameter '{parameter}'", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WriteMethods_Are405OnEveryEndpoint_AndChangeNothing()
    {
        await using var app = await StartAsync();
        var registry = app.Services.GetRequiredService<IModelRegistry>();
        var before = await registry.ReadAuditLogAsync("countries");

        foreach (var path in Paths)
        {
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                using var request = Get(path);
                request.Method = method;
                request.Content = JsonContent.Create(new { aliasName = "champion", version = 2 });
                using var response = await app.Client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
                Assert.Contains("GET", response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var allow) ? allow : []));
            }
        }

        Assert.Equal(before.Count, (await registry.ReadAuditLogAsync("countries")).Count);
        Assert.Equal(1, (await registry.ResolveAliasAsync("countries", "champion")).Version);
    }

    [Fact]
    public async Task Dashboard_WriteMethods_Are405_EvenWhenTheHostHasACatchAllFallback()
    {
        await using var app = await StartAsync(mapMore: web => web.MapFallback(() => "the host's single-page app"));

        using var request = Get("/modelops/api/models/countries");
        request.Method = HttpMethod.Post;
        using var response = await app.Client.SendAsync(request);
        using var read = await app.Client.SendAsync(Get("/modelops/api/models/countries"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Head_IsServed()
    {
        await using var app = await StartAsync();

        using var request = Get("/modelops/api/models");
        request.Method = HttpMethod.Head;
        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("%20")]
    [InlineData("countries%09")]
    [InlineData("COUNTRIES")]
    public async Task Dashboard_OddOrUnknownModelName_Is404_WithoutEchoingIt(string name)
    {
        await using var app = await StartAsync();

        foreach (var path in new[] { $"/modelops/models/{name}", $"/modelops/api/models/{name}" })
        {
            using var response = await app.Client.SendAsync(Get(path));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode} {body}");
            Assert.DoesNotContain("<script>", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dashboard_PathTraversalOutOfThePrefix_ReachesNothing()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.SendAsync(Get("/modelops/models/../../../etc/passwd"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_AfterAnAliasMove_ShowsItAtOnce_ThoughResponsesAreReused()
    {
        await using var app = await StartAsync(o => o.CacheDuration = TimeSpan.FromHours(1));
        var registry = app.Services.GetRequiredService<IModelRegistry>();

        using (var first = await app.Client.SendAsync(Get("/modelops")))
        {
            Assert.Contains("<td data-field=\"champion\">version 1</td>", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await registry.SetAliasAsync("countries", "champion", 2, reason: "test");
        using var second = await app.Client.SendAsync(Get("/modelops"));

        Assert.Contains("<td data-field=\"champion\">version 2</td>", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_UnchangedRegistry_ReusesAResponseForCacheDuration_ThenGeneratesAgain()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var app = await StartAsync(o => o.CacheDuration = TimeSpan.FromSeconds(10), time);

        var first = await GeneratedAtAsync(app);
        time.Advance(TimeSpan.FromSeconds(9));
        var withinDuration = await GeneratedAtAsync(app);
        time.Advance(TimeSpan.FromSeconds(2));
        var afterDuration = await GeneratedAtAsync(app);

        Assert.Equal(first, withinDuration);
        Assert.Equal(time.GetUtcNow(), afterDuration);
    }

    [Fact]
    public async Task Dashboard_ZeroCacheDuration_GeneratesEveryResponse()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        await using var app = await StartAsync(o => o.CacheDuration = TimeSpan.Zero, time);

        await GeneratedAtAsync(app);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(time.GetUtcNow(), await GeneratedAtAsync(app));
    }

    [Fact]
    public async Task Dashboard_AllowAnonymous_IsServedWithoutCredentials()
    {
        await using var app = await StartAsync(o =>
        {
            o.AuthorizationPolicy = null;
            o.AllowAnonymous = true;
        });

        using var response = await app.Client.GetAsync("/modelops/api/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MapModelOpsDashboard_WithoutPolicyOrAnonymousOptIn_ThrowsNamingTheFix()
    {
        await using var app = BuildBare();

        var error = Assert.Throws<OptionsValidationException>(() => app.MapModelOpsDashboard());

        Assert.Contains("AuthorizationPolicy", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowAnonymous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapModelOpsDashboard_UnknownPolicy_ThrowsNamingIt()
    {
        await using var app = BuildBare();

        var error = Assert.Throws<OptionsValidationException>(() => app.MapModelOpsDashboard("/modelops", o => o.AuthorizationPolicy = "auditors"));

        Assert.Contains("'auditors'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapModelOpsDashboard_PolicyAndAnonymousBoth_Throws()
    {
        await using var app = BuildBare();

        Assert.Throws<OptionsValidationException>(() => app.MapModelOpsDashboard("/modelops", o =>
        {
            o.AuthorizationPolicy = Policy;
            o.AllowAnonymous = true;
        }));
    }

    [Fact]
    public async Task MapModelOpsDashboard_WithoutReporting_ThrowsNamingAddReporting()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddModelOps().UseInMemory();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapModelOpsDashboard("/modelops", o => o.AllowAnonymous = true));

        Assert.Contains("AddReporting()", error.Message, StringComparison.Ordinal);
    }

    private static async Task<DateTimeOffset> GeneratedAtAsync(TestApp app)
    {
        using var response = await app.Client.SendAsync(Get("/modelops/api/models"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("generatedAt").GetDateTimeOffset();
    }

    internal static HttpRequestMessage Get(string path, string role = "auditor")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Test-User", "alice");
        request.Headers.Add("X-Test-Role", role);
        return request;
    }

    private static WebApplication BuildBare()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddModelOps().UseInMemory().AddReporting();
        builder.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.RequireRole("auditor")));
        return builder.Build();
    }

    /// <summary>A host with the dashboard behind a role policy, and the model <c>countries</c> in versions 1 (champion) and 2.</summary>
    internal static async Task<TestApp> StartAsync(Action<ModelOps.Sdk.AspNetCore.Dashboard.ModelOpsDashboardOptions>? configure = null, TimeProvider? time = null, Action<WebApplication>? mapMore = null)
    {
        var app = await TestApp.StartAsync(
            modelOps =>
            {
                if (time is not null)
                {
                    modelOps.Services.AddSingleton(time);
                }

                modelOps.AddRules().AddReporting();
                modelOps.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
                modelOps.Services.AddAuthorization(o => o.AddPolicy(Policy, p => p.RequireRole("auditor")));
            },
            web =>
            {
                web.MapModelOpsDashboard("/modelops", o =>
                {
                    o.AuthorizationPolicy = Policy;
                    configure?.Invoke(o);
                });
                mapMore?.Invoke(web);
            });
        var registry = app.Services.GetRequiredService<IModelRegistry>();
        foreach (var _ in new[] { 1, 2 })
        {
            await registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "countries",
                Flavor = "rules",
                Artifact = new MemoryStream(Encoding.UTF8.GetBytes(Table)),
            });
        }

        await registry.SetAliasAsync("countries", "champion", 1, reason: "first");
        return app;
    }
}
