using System.Net;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using ModelOps.Sdk.AspNetCore.Tests.Infrastructure;

namespace ModelOps.Sdk.AspNetCore.Tests.Dashboard;

/// <summary>One running host with the dashboard, shared by the properties (each runs hundreds of requests).</summary>
public sealed class DashboardHost : IAsyncLifetime
{
    internal TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await ModelOpsDashboardTests.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Invariants of the dashboard under generated input: any model name, any request method.</summary>
public sealed class ModelOpsDashboardProperties(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static readonly string[] Paths = ["/modelops", "/modelops/models/countries", "/modelops/api/models", "/modelops/api/models/countries"];

    [Property(MaxTest = 150)]
    public async Task<bool> AnyUnknownModelName_Is404_AndThePageDoesNotDependOnIt(NonEmptyString generated)
    {
        var name = generated.Get;
        // '\0' is refused by the server before the application; a name of dots is a path segment the client resolves ("..").
        if (name == "countries" || name.Contains('\0', StringComparison.Ordinal) || name.All(c => c == '.'))
        {
            return true;
        }

        var escaped = Uri.EscapeDataString(name);
        using var page = await host.App.Client.SendAsync(ModelOpsDashboardTests.Get($"/modelops/models/{escaped}"));
        using var json = await host.App.Client.SendAsync(ModelOpsDashboardTests.Get($"/modelops/api/models/{escaped}"));
        using var reference = await host.App.Client.SendAsync(ModelOpsDashboardTests.Get("/modelops/models/nope"));
        using var referenceJson = await host.App.Client.SendAsync(ModelOpsDashboardTests.Get("/modelops/api/models/nope"));
        using var problem = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        using var referenceProblem = JsonDocument.Parse(await referenceJson.Content.ReadAsStringAsync());

        Assert.True(page.StatusCode == HttpStatusCode.NotFound, $"'{name}': {page.StatusCode}");
        Assert.True(json.StatusCode == HttpStatusCode.NotFound, $"'{name}': {json.StatusCode}");
        Assert.Equal(await reference.Content.ReadAsStringAsync(), await page.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(referenceProblem.RootElement.GetProperty("title").GetString(), problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(referenceProblem.RootElement.GetProperty("detail").GetString(), problem.RootElement.GetProperty("detail").GetString());
        return true;
    }

    [Property(MaxTest = 100)]
    public async Task<bool> AnyMethodButGetAndHead_Is405OnEveryPath(NonEmptyString generated)
    {
        // A method is a token; the generated string's ASCII letters, upper-cased, make one (GET and HEAD are the two mapped).
        var method = new string([.. generated.Get.Where(char.IsAsciiLetter)]).ToUpperInvariant();
        if (method.Length == 0 || method is "GET" or "HEAD")
        {
            return true;
        }

        foreach (var path in Paths)
        {
            using var request = ModelOpsDashboardTests.Get(path);
            request.Method = new HttpMethod(method);
            using var response = await host.App.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
        }

        return true;
    }
}
