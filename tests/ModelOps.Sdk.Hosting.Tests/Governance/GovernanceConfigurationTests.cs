using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Tests.Scoring;

namespace ModelOps.Sdk.Hosting.Tests.Governance;

/// <summary>
/// The host reads the promotion policy from the same keys as the <c>modelops</c> tool (docs/cli.md, "Governance policy"): the
/// section's <c>RequiredApprovals</c> and <c>Gates</c>, and a model's own under <c>Models</c>, so one <c>appsettings.json</c>
/// serves both.
/// </summary>
public sealed class GovernanceConfigurationTests : IDisposable
{
    private readonly HostFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task StartAsync_ToolsPolicyKeys_BindTheDefaultAndPerModelPolicies()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Governance:ChampionAlias"] = "prod",
            ["ModelOps:Governance:ProtectedAliases:0"] = "prod",
            ["ModelOps:Governance:RequiredApprovals"] = "2",
            ["ModelOps:Governance:Gates:0:Type"] = "metric-threshold",
            ["ModelOps:Governance:Gates:0:Metric"] = "auc",
            ["ModelOps:Governance:Gates:0:Minimum"] = "0.8",
            ["ModelOps:Governance:Gates:1:Type"] = "model-card",
            ["ModelOps:Governance:Gates:1:Fields:0"] = "Owner",
            ["ModelOps:Governance:Models:credit:RequiredApprovals"] = "3",
            ["ModelOps:Governance:Models:credit:Gates:0:Type"] = "signature-compatibility",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseFileSystem().AddGovernance();
        using var host = builder.Build();

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<GovernanceOptions>>().Value;
        Assert.Equal("prod", options.ChampionAlias);
        Assert.Equal(["prod"], options.ProtectedAliases);
        Assert.Equal(2, options.DefaultPolicy.RequiredApprovals);
        Assert.Equal(["metric:auc", "documentation:model-card"], options.DefaultPolicy.Gates.Select(g => g.Name));
        Assert.Equal(3, options.PolicyFor("credit").RequiredApprovals);
        Assert.Equal(["signature"], options.PolicyFor("credit").Gates.Select(g => g.Name));
        Assert.Same(options.DefaultPolicy, options.PolicyFor("fraud"));
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_BadGateParameters_FailWithOneErrorPerKeyNamingItsConfigurationPath()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Governance:Gates:0:Type"] = "metric-threshold",
            ["ModelOps:Governance:Gates:0:Metric"] = "auc",
            ["ModelOps:Governance:Gates:0:Minimum"] = "0.8",
            ["ModelOps:Governance:Gates:0:Maximun"] = "0.99",
            ["ModelOps:Governance:Models:credit:Gates:0:Type"] = "metric-threshold",
            ["ModelOps:Governance:Models:credit:Gates:0:Metric"] = "auc",
            ["ModelOps:Governance:Models:credit:Gates:0:Minimum"] = "abc",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseFileSystem().AddGovernance();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("configuration 'ModelOps:Governance:Gates:0:Maximun' (metric-threshold): is not a parameter", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f == "configuration 'ModelOps:Governance:Models:credit:Gates:0:Minimum' (metric-threshold): 'Minimum' is \"abc\", which is not a number");
    }

    [Fact]
    public async Task StartAsync_CodeAfterConfiguration_AddsToTheConfiguredPolicy()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Governance:RequiredApprovals"] = "2",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseFileSystem()
            .AddGovernance(options => options.DefaultPolicy.RequiredApprovals = 4);
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Equal(4, host.Services.GetRequiredService<IOptions<GovernanceOptions>>().Value.DefaultPolicy.RequiredApprovals);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("model-registrar", false)]
    public async Task Register_RoleConfiguredEmpty_MeansAnyoneMayAsTheToolReadsIt(string role, bool allowed)
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Governance:EnforceRoles"] = "true",
            ["ModelOps:Governance:Roles:Register"] = role,
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseFileSystem().AddFlavor(new LinearFlavor()).AddGovernance();
        using var host = builder.Build();
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<IModelRegistry>();

        var register = () => registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "linear",
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes("{\"weights\":[2,3],\"bias\":0.5}")),
        });

        if (allowed)
        {
            Assert.Equal(1, (await register()).Version);
        }
        else
        {
            var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(register);
            Assert.Equal("model-registrar", refused.RequiredRole);
        }

        await host.StopAsync();
    }
}
