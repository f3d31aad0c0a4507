using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ModelOps.Sdk.AspNetCore.Tests.CreditApi;

/// <summary>
/// The CreditApi sample as it runs (its Program, its appsettings.json), with its filesystem registry in a temporary folder that
/// also holds an <c>appsettings.json</c> pointing the <c>modelops</c> tool at the same registry, by the same key.
/// </summary>
public sealed class CreditApiFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsDirectory;

    public CreditApiFactory()
    {
        Directory = Path.Combine(Path.GetTempPath(), "modelops-creditapi-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        StorePath = Path.Combine(Directory, "registry");
        File.WriteAllText(Path.Combine(Directory, "appsettings.json"),
            JsonSerializer.Serialize(new { ModelOps = new { Store = new { RootPath = StorePath } } }));
        _ownsDirectory = true;
    }

    /// <summary>Another instance of the sample over the same registry, as a second replica of the service; it deletes nothing.</summary>
    public CreditApiFactory(CreditApiFactory sameRegistry)
    {
        ArgumentNullException.ThrowIfNull(sameRegistry);
        Directory = sameRegistry.Directory;
        StorePath = sameRegistry.StorePath;
    }

    /// <summary>The sample's dashboard key (<c>Dashboard:ApiKey</c>), sent in <c>X-Api-Key</c>.</summary>
    public const string DashboardApiKey = "test-dashboard-key";

    /// <summary>The working directory of the tool, with its appsettings.json.</summary>
    public string Directory { get; }

    public string StorePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ModelOps:Store:RootPath", StorePath);
        // Another process's alias move is seen within a poll interval.
        builder.UseSetting("ModelOps:ChangePollInterval", "00:00:00.100");
        builder.UseSetting("Dashboard:ApiKey", DashboardApiKey);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!_ownsDirectory)
        {
            return;
        }

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
