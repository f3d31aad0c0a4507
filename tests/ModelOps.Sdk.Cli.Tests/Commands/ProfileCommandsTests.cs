using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Tests.Infrastructure;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class ProfileCommandsTests
{
    [Fact]
    public async Task Fit_CsvWithHeader_StoresTheReferenceProfileWithKindsFromTheSignatureAndTheData()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.9);
        var csv = new StringBuilder("income,region,approved,score\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{30_000 + (i * 250)},\"{(i % 3 == 0 ? "EU, north" : "US")}\",{(i % 2 == 0 ? "true" : "false")},{i / 200.0}\n");
        }

        var data = registry.WriteFile("reference.csv", csv.ToString());

        var run = await registry.RunAsAsync("alice", string.Empty, "profiles", "fit", "credit", version.ToString(CultureInfo.InvariantCulture), "--data", data, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(200, run.Json().GetProperty("rows").GetInt64());
        var profile = await LoadAsync(registry, version);
        Assert.Equal(200, profile.RowCount);
        Assert.Equal(["income", "region", "approved"], profile.Features.Select(f => f.Name));
        Assert.Equal([FeatureKind.Numeric, FeatureKind.Categorical, FeatureKind.Boolean], profile.Features.Select(f => f.Kind));
        var score = Assert.Single(profile.Predictions);   // an output of the version's signature
        Assert.Equal("score", score.Name);
        Assert.Equal(FeatureKind.Numeric, score.Kind);
    }

    [Fact]
    public async Task Fit_JsonLinesWithPredictionOption_StoresTheProfileUnderTheGivenName()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.9);
        var lines = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{{\"income\":{40_000 + i},\"segment\":\"{(i % 2 == 0 ? "a" : "b")}\",\"label\":\"{(i % 5 == 0 ? "decline" : "approve")}\",\"note\":null}}\n");
        }

        var data = registry.WriteFile("reference.jsonl", lines.ToString());

        var run = await registry.RunAsAsync("alice", string.Empty, "profiles", "fit", "credit", version.ToString(CultureInfo.InvariantCulture), "--data", data, "--prediction", "label", "--name", "training", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var profile = await LoadAsync(registry, version, "training");
        Assert.Equal(50, profile.RowCount);
        Assert.Equal(["income", "segment", "note"], profile.Features.Select(f => f.Name));
        Assert.Equal("label", Assert.Single(profile.Predictions).Name);
        Assert.Equal(FeatureKind.Categorical, profile.Predictions[0].Kind);
    }

    [Fact]
    public async Task Fit_RowWithTooFewFields_FailsAsUsageErrorNamingTheLine()
    {
        using var registry = new TemporaryRegistry();
        var version = await registry.RegisterAsync("credit", auc: 0.9);
        var data = registry.WriteFile("reference.csv", "income,score\n1,0.5\n2\n");

        var run = await registry.RunAsAsync("alice", string.Empty, "profiles", "fit", "credit", version.ToString(CultureInfo.InvariantCulture), "--data", data);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 3", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 fields but the header has 2", run.Error, StringComparison.Ordinal);
    }

    private static async Task<DataProfile> LoadAsync(TemporaryRegistry registry, int version, string name = ReferenceProfileRegistryExtensions.DefaultName)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(registry.StorePath);
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<IModelRegistry>().LoadReferenceProfileAsync("credit", version, name);
    }
}
