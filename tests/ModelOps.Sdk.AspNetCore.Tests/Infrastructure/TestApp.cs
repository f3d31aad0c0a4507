using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.AspNetCore.Tests.Infrastructure;

/// <summary>A real ASP.NET Core application on the test server, with a filesystem registry in a temporary folder.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, string directory)
    {
        App = app;
        Directory = directory;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public string Directory { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestApp> StartAsync(Action<IModelOpsBuilder> configureModelOps, Action<WebApplication> map, bool scorers = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "modelops-aspnetcore-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);

        // The content root is the empty temporary folder, not the output folder, which holds the CreditApi sample's appsettings.json.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = directory });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["ModelOps:ChangePollInterval"] = "00:00:00.050",
            ["ModelOps:Store:RootPath"] = Path.Combine(directory, "registry"),
        };
        if (scorers)
        {
            settings["ModelOps:Hosting:ScorerLoadRetryInterval"] = "00:00:00.100";
        }

        builder.Configuration.AddInMemoryCollection(settings);
        var modelOps = builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"));
        configureModelOps(modelOps);
        var app = builder.Build();
        if (app.Services.GetService<IProblemDetailsService>() is not null)
        {
            app.UseExceptionHandler();
        }

        map(app);
        await app.StartAsync();
        return new TestApp(app, directory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
