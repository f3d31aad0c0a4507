using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Configuration;
using ModelOps.Sdk.Hosting;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Tests.Scoring;

namespace ModelOps.Sdk.Hosting.Tests.Configuration;

public sealed class ModelOpsConfigurationTests : IDisposable
{
    private readonly HostFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task AddModelOps_Section_BindsTheOptionsOfEveryAddedPackageFromItsSubSection()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:ChangePollInterval"] = "00:00:02",
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Store:LockTimeout"] = "00:00:07",
            ["ModelOps:Monitoring:ReferenceProfileName"] = "training",
            ["ModelOps:Monitoring:Windows:SubWindows"] = "6",
            ["ModelOps:Routing:ShadowConcurrency"] = "3",
            ["ModelOps:Hosting:ScorerLoadRetryInterval"] = "00:00:09",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection(ModelOpsOptions.SectionName))
            .UseFileSystem().AddMonitoring().AddRouting().AddScorer<LinearInput, LinearOutput>("credit", "champion");
        using var host = builder.Build();

        await host.StartAsync();

        var services = host.Services;
        Assert.Equal(TimeSpan.FromSeconds(2), services.GetRequiredService<IOptions<ModelOpsOptions>>().Value.ChangePollInterval);
        Assert.Equal(_fixture.StorePath, services.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value.RootPath);
        Assert.Equal(TimeSpan.FromSeconds(7), services.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value.LockTimeout);
        Assert.Equal("training", services.GetRequiredService<IOptions<MonitoringOptions>>().Value.ReferenceProfileName);
        Assert.Equal(6, services.GetRequiredService<IOptions<MonitoringOptions>>().Value.Windows.SubWindows);
        Assert.Equal(3, services.GetRequiredService<IOptions<RoutingOptions>>().Value.ShadowConcurrency);
        Assert.Equal(TimeSpan.FromSeconds(9), services.GetRequiredService<IOptions<ModelOpsHostingOptions>>().Value.ScorerLoadRetryInterval);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddModelOps_CodeAfterConfiguration_WinsOverTheConfiguredValue()
    {
        var elsewhere = Path.Combine(_fixture.Root, "from-code");
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?> { ["ModelOps:Store:RootPath"] = _fixture.StorePath });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseFileSystem(elsewhere);
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Equal(elsewhere, host.Services.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value.RootPath);
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_MisspeltKey_FailsNamingItsPathAndTheClosestSetting()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPth"] = _fixture.StorePath,
            ["ModelOps:ChangePolInterval"] = "00:00:02",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseFileSystem(_fixture.StorePath);
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ModelOps:Store:RootPth is not a setting that ModelOps reads; did you mean ModelOps:Store:RootPath?", ex.Failures);
        Assert.Contains("ModelOps:ChangePolInterval is not a setting that ModelOps reads; did you mean ModelOps:ChangePollInterval?", ex.Failures);
    }

    [Fact]
    public async Task StartAsync_SectionOfAPackageNotAdded_FailsNamingThePackage()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:PostgreSql:ConnectionString"] = "Host=db",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(ex.Failures);
        Assert.StartsWith("ModelOps:PostgreSql is set, but the package that reads it is not added", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValueGivenForASection_FailsNamingThePath()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Monitoring:Windows:SubWindows:Count"] = "3",
            ["ModelOps:Monitoring:Drift:Unknown"] = "3",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).AddMonitoring();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.StartsWith("ModelOps:Monitoring:Windows:SubWindows takes a single value", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("ModelOps:Monitoring:Drift:Unknown is not a setting that ModelOps reads", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddModelOps_OptionsOfAPackageOfTheUsers_BindFromTheSectionItsAttributeNamesAndReportUnknownKeys()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Flavors:Scorecard:Cutoff"] = "620",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"));
        builder.Services.AddOptions<ScorecardFlavorOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ScorecardFlavorOptions>>(new ValidateOptions<ScorecardFlavorOptions>(null, _ => true, "never"));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            Assert.Equal(620, host.Services.GetRequiredService<IOptions<ScorecardFlavorOptions>>().Value.Cutoff);
            await host.StopAsync();
        }

        var misspelt = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Flavors:Scorecard:Cutof"] = "620",
        });
        misspelt.Services.AddModelOps(misspelt.Configuration.GetSection("ModelOps"));
        misspelt.Services.AddSingleton<IValidateOptions<ScorecardFlavorOptions>>(new ValidateOptions<ScorecardFlavorOptions>(null, _ => true, "never"));
        using var failing = misspelt.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => failing.StartAsync());

        Assert.Contains("ModelOps:Flavors:Scorecard:Cutof is not a setting that ModelOps reads; did you mean ModelOps:Flavors:Scorecard:Cutoff?", ex.Failures);
    }

    [Fact]
    public async Task StartAsync_ReportingSectionWithoutTheReportingPackage_FailsNamingThePackage()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Reporting:ChampionAlias"] = "production",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("ModelOps:Reporting is set, but the package that reads it is not added: add ModelOps.Sdk.Reporting (AddReporting), or remove the section.", Assert.Single(ex.Failures));
    }

    [Fact]
    public async Task StartAsync_OutOfRangeValues_FailWithOneErrorPerSettingNamingItsPath()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:MaxTags"] = "0",
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Store:LockTimeout"] = "00:00:00",
            ["ModelOps:Monitoring:Quality:AlmostConstantShare"] = "0.1",
        });
        // The scorer and the loops would create the registry: they must not do it before every options class is validated.
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).AddMonitoring()
            .AddScorer<LinearInput, LinearOutput>("credit", "champion");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        var failures = ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToArray();
        Assert.Single(failures, f => f.Contains("ModelOps:MaxTags", StringComparison.Ordinal));
        Assert.Single(failures, f => f.Contains("ModelOps:Store:LockTimeout", StringComparison.Ordinal));
        Assert.Single(failures, f => f.Contains("ModelOps:Monitoring:Quality:AlmostConstantShare", StringComparison.Ordinal));
    }

    [Fact]
    public void GetRequiredService_WithoutHost_MisspeltKeyFailsOnTheRegistrysFirstResolution()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:AuditSigningKeyID"] = "k1",
            ["ModelOps:AuditSigninKeyId"] = "k1",
        }).Build();
        var services = new ServiceCollection();
        services.AddModelOps(configuration.GetSection("ModelOps"));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelRegistry>());

        var failure = Assert.Single(ex.Failures);
        Assert.Equal("ModelOps:AuditSigninKeyId is not a setting that ModelOps reads; did you mean ModelOps:AuditSigningKeyId?", failure);
    }

    [Fact]
    public async Task Reload_ChangedValue_IsSeenThroughTheOptionsMonitor()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Monitoring:ReferenceProfileName"] = "training",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).AddMonitoring();
        using var host = builder.Build();
        await host.StartAsync();
        var monitor = host.Services.GetRequiredService<IOptionsMonitor<MonitoringOptions>>();
        Assert.Equal("training", monitor.CurrentValue.ReferenceProfileName);

        builder.Configuration["ModelOps:Monitoring:ReferenceProfileName"] = "retrained";
        ((IConfigurationRoot)builder.Configuration).Reload();

        Assert.Equal("retrained", monitor.CurrentValue.ReferenceProfileName);
        await host.StopAsync();
    }
}

/// <summary>The options class of a flavor package a user writes: marked with its section, and bound by the host like the built-in ones.</summary>
[ModelOpsOptionsSection(SectionName)]
public sealed class ScorecardFlavorOptions
{
    public const string SectionName = "Flavors:Scorecard";

    public int Cutoff { get; set; }
}
