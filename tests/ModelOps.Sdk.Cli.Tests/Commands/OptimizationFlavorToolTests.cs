using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary>
/// The tool loads the optimization flavor from a published folder through <c>Flavors:Assemblies</c> (issue 20, item 6): OR-Tools'
/// managed and native libraries come from that folder, not from the tool.
/// </summary>
public sealed class OptimizationFlavorToolTests
{
    private const string Model = """
        {
          "formatVersion": 1,
          "name": "production-plan",
          "parameters": [ { "name": "woodAvailable", "example": 120 }, { "name": "labourHours", "default": 90 } ],
          "variables": [ { "name": "chairs", "type": "integer" }, { "name": "tables", "type": "integer" } ],
          "constraints": [
            { "name": "wood", "terms": { "chairs": 2, "tables": 5 }, "op": "<=", "rhs": "woodAvailable" },
            { "name": "labour", "terms": { "chairs": 3, "tables": 2 }, "op": "<=", "rhs": LABOUR }
          ],
          "objective": { "sense": "maximize", "terms": { "chairs": 20, "tables": 30 } }
        }
        """;

    private static readonly string FlavorPath = Path.Combine(AppContext.BaseDirectory, "flavors", "optimization", "ModelOps.Sdk.Optimization.dll");

    [Fact]
    public void Tool_DoesNotBundleOrTools()
    {
        var toolFolder = Path.GetDirectoryName(ToolProcess.ToolPath)!;

        Assert.True(File.Exists(FlavorPath), $"The flavor was not published to {FlavorPath}.");
        Assert.True(Directory.Exists(Path.Combine(Path.GetDirectoryName(FlavorPath)!, "runtimes")), "The published flavor has no runtimes/ folder.");
        Assert.False(File.Exists(Path.Combine(toolFolder, "Google.OrTools.dll")), "The tool's output holds Google.OrTools.dll.");
        Assert.False(Directory.Exists(Path.Combine(toolFolder, "runtimes")) && Directory.EnumerateFiles(Path.Combine(toolFolder, "runtimes"), "*ortools*", SearchOption.AllDirectories).Any(), "The tool's output holds OR-Tools' native libraries.");
    }

    [Fact]
    public async Task Register_WithTheFlavorLoadedFromItsFolder_SolvesTheSmokeInstanceAndStoresTheSignature()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("plan.json", Model.Replace("LABOUR", "\"labourHours\"", StringComparison.Ordinal));

        var run = await registry.RunAsync(Environment(), "versions", "register", "production-plan", "--artifact", artifact, "--flavor", "optimization", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var signature = run.Json().GetProperty("signature");
        Assert.Equal(["woodAvailable", "labourHours"], signature.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
        Assert.Equal(["chairs", "tables", "objective", "status", "solveTimeMs"], signature.GetProperty("outputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
    }

    [Fact]
    public async Task Register_ModelReferencingAnUnknownParameter_IsRefusedWithExitCode1AndStoresNothing()
    {
        using var registry = new TemporaryRegistry();
        var artifact = registry.WriteFile("plan.json", Model.Replace("LABOUR", "\"labourHour\"", StringComparison.Ordinal));

        var run = await registry.RunAsync(Environment(), "versions", "register", "production-plan", "--artifact", artifact, "--flavor", "optimization");
        var models = await registry.RunAsync(Environment(), "models", "list", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("constraint 'labour' rhs", run.Error, StringComparison.Ordinal);
        Assert.Contains("no parameter is named 'labourHour'", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, models.Json().GetArrayLength());
    }

    [Fact]
    public async Task Register_FromTheOutputOfAProjectThatReferencesTheFlavor_ResolvesThroughThatProjectsDepsFile()
    {
        // What `dotnet publish` of a user's project referencing the package leaves: the flavor's assembly without a .deps.json of its
        // own, beside the project's assembly and .deps.json. Built from the published flavor: its files copied, its deps file renamed,
        // and runtimes/ linked rather than copied (about 330 MB for five platforms).
        using var registry = new TemporaryRegistry();
        var published = Path.GetDirectoryName(FlavorPath)!;
        var folder = Path.Combine(registry.Directory, "flavors");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(published).Where(f => !f.EndsWith(".deps.json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(published, "ModelOps.Sdk.Optimization.deps.json"), Path.Combine(folder, "Workshop.Planning.deps.json"));
        File.Copy(Path.Combine(published, "ModelOps.Sdk.Abstractions.dll"), Path.Combine(folder, "Workshop.Planning.dll"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "runtimes"), Path.Combine(published, "runtimes"));
        var artifact = registry.WriteFile("plan.json", Model.Replace("LABOUR", "\"labourHours\"", StringComparison.Ordinal));
        var environment = new Dictionary<string, string>
        {
            ["MODELOPS_FLAVORS__ASSEMBLIES__0"] = Path.Combine("flavors", "ModelOps.Sdk.Optimization.dll"),
            ["MODELOPS_ACTOR"] = "ci-bot",
        };

        var run = await registry.RunAsync(environment, "versions", "register", "production-plan", "--artifact", artifact, "--flavor", "optimization", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(5, run.Json().GetProperty("signature").GetProperty("outputs").GetArrayLength());
    }

    private static Dictionary<string, string> Environment() => new()
    {
        ["MODELOPS_FLAVORS__ASSEMBLIES__0"] = FlavorPath,
        ["MODELOPS_ACTOR"] = "ci-bot",
    };
}
