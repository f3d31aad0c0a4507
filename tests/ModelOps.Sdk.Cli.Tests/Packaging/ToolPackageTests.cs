using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Packaging;

/// <summary>
/// The <c>modelops</c> tool as a user gets it: packed into a folder, installed from that folder with <c>dotnet tool install</c>
/// (no other package source), and run from where it was installed.
/// </summary>
public sealed class ToolPackageTests(ToolPackageTests.PackedTool packed) : IClassFixture<ToolPackageTests.PackedTool>, IDisposable
{
    private static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(5);
    private readonly string _root = Directory.CreateTempSubdirectory("modelops-tool-install-").FullName;

    private static string ToolProject => Metadata("ModelOps.Sdk.Cli.Project");

    private static string Configuration => Metadata("ModelOps.Sdk.Cli.Configuration");

    [Fact]
    public async Task PackedTool_InstalledFromAFolder_RunsAndReadsTheRegistryOfItsWorkingDirectory()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", 0.83);

        string feed = packed.Feed;
        string version = Path.GetFileNameWithoutExtension(packed.Package)["ModelOps.Sdk.Cli.".Length..];

        // The install sees only the folder: a configuration file that clears every other source, so nothing comes from a registry.
        string config = Path.Combine(_root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="modelops-tool-folder" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        string tools = Path.Combine(_root, "tools");
        // NuGet's global packages folder would keep the first build of this version and install it again after the code changed.
        await RunAsync(
            _root,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") },
            "tool", "install", "ModelOps.Sdk.Cli", "--tool-path", tools, "--version", version, "--configfile", config);

        string installed = Path.Combine(tools, OperatingSystem.IsWindows() ? "modelops.exe" : "modelops");
        Assert.True(File.Exists(installed), $"dotnet tool install put no modelops command in {tools}.");
        var (exitCode, output, error) = await ToolProcess.RunToExitAsync(
            Redirected(new ProcessStartInfo(installed, ["versions", "list", "credit", "--json"]) { WorkingDirectory = registry.Directory }),
            StepDeadline,
            "the installed modelops versions list credit --json");

        Assert.True(exitCode == 0, $"the installed tool exited with {exitCode}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains("\"version\": 1", output, StringComparison.Ordinal);
        Assert.Contains("0.83", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackedTool_NamesTheRepositoryUrlOnlyWhenTheRemoteIsHttps()
    {
        // CI tests a clone whose remote is a folder: such a path (or any other non-https remote) must not reach package metadata.
        string? remote = await GitRemoteAsync();
        bool https = remote is not null && remote.StartsWith("https://", StringComparison.Ordinal);

        using var archive = System.IO.Compression.ZipFile.OpenRead(packed.Package);
        var entry = Assert.Single(archive.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        await using Stream nuspec = entry.Open();
        XDocument document = await XDocument.LoadAsync(nuspec, LoadOptions.None, CancellationToken.None);
        XElement? repository = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "repository");
        if (https)
        {
            Assert.StartsWith("https://", repository?.Attribute("url")?.Value, StringComparison.Ordinal);
            return;
        }

        Assert.Null(repository?.Attribute("url"));
        string text = document.ToString();
        Assert.DoesNotContain(Path.GetDirectoryName(ToolProject)!, text, StringComparison.Ordinal);
        if (remote is not null)
        {
            Assert.DoesNotContain(remote, text, StringComparison.Ordinal);
        }
    }

    public void Dispose() => DeleteFolder(_root);

    private static void DeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temporary folder
        }
    }

    private static string Metadata(string key) => typeof(ToolPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == key).Value!;

    private static async Task<string?> GitRemoteAsync()
    {
        var start = Redirected(new ProcessStartInfo("git", ["-C", Path.GetDirectoryName(ToolProject)!, "remote", "get-url", "origin"]));
        try
        {
            var (exitCode, output, _) = await ToolProcess.RunToExitAsync(start, StepDeadline, "git remote get-url origin");
            return exitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on the machine: nothing can have been read from a remote either
        }
    }

    private static ProcessStartInfo Redirected(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        return start;
    }

    private static async Task RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = Redirected(new ProcessStartInfo(ToolProcess.DotnetPath, arguments) { WorkingDirectory = workingDirectory });
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var (exitCode, output, error) = await ToolProcess.RunToExitAsync(start, StepDeadline, "dotnet " + string.Join(' ', arguments));
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {exitCode}\nstdout:\n{output}\nstderr:\n{error}");
    }

    /// <summary>The tool packed once for the class (<c>dotnet pack --no-build</c> of the configuration the tests were built in).</summary>
    public sealed class PackedTool : IAsyncLifetime
    {
        public string Feed { get; } = Directory.CreateTempSubdirectory("modelops-tool-feed-").FullName;

        public string Package { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            await RunAsync(Feed, new Dictionary<string, string>(), "pack", ToolProject, "-c", Configuration, "--no-build", "-o", Feed);
            Package = Assert.Single(Directory.GetFiles(Feed, "ModelOps.Sdk.Cli.*.nupkg"), p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
        }

        public Task DisposeAsync()
        {
            DeleteFolder(Feed);
            return Task.CompletedTask;
        }
    }
}
