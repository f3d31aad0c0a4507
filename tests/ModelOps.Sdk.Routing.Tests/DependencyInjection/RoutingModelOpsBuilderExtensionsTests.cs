using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Routing.Automation;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Tests.DependencyInjection;

public sealed class RoutingModelOpsBuilderExtensionsTests
{
    [Fact]
    public async Task AddRouting_InvalidOptions_FailWhenTheFirstRoutedScorerIsCreatedNamingTheOption()
    {
        await using var host = await RoutingHost.CreateAsync(o => (o.ShadowQueueCapacity, o.InstanceId) = (0, "bad id!"));
        var definition = new ExperimentBuilder(RoutingHost.Model, "any").WithChampionAlias("champion").AddChallengerAlias("next", "challenger").Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition));

        Assert.Contains(error.Failures, f => f.Contains(nameof(RoutingOptions.ShadowQueueCapacity), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(RoutingOptions.InstanceId), StringComparison.Ordinal));
    }

    [Fact]
    public void AddRouting_ExplainEveryDecisionWithoutAPredictionLog_IsRefusedAtStartNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRouting(o => o.ExplainEveryDecision = true);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RoutingOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(nameof(RoutingOptions.ExplainEveryDecision), StringComparison.Ordinal) && f.Contains("prediction log", StringComparison.Ordinal));
    }

    [Fact]
    public void AddRouting_ExplainEveryDecisionWithAPredictionLog_IsValid()
    {
        var services = new ServiceCollection();
        var log = Path.Combine(Path.GetTempPath(), "modelops-never-written-" + Guid.NewGuid().ToString("N")); // options only: nothing is logged
        services.AddModelOps().UseInMemory().AddRouting(o => o.ExplainEveryDecision = true).AddJsonLinesPredictionLog(o => o.Directory = log);
        using var provider = services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IOptions<RoutingOptions>>().Value.ExplainEveryDecision);
    }

    [Fact]
    public void AddRouting_CalledTwice_RegistersEachServiceOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddRouting(o => o.ShadowConcurrency = 3).AddRouting(o => o.Seed = 7);

        Assert.Single(services, d => d.ServiceType == typeof(IRoutedScorerFactory));
        Assert.Single(services, d => d.ServiceType == typeof(ExperimentController));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<RoutingOptions>>().Value;
        Assert.Equal((3, 7L), (options.ShadowConcurrency, options.Seed!.Value));
        Assert.Same(provider.GetRequiredService<ExperimentStore>(), provider.GetRequiredService<ExperimentStore>());
    }

    [Fact]
    public void AddRouting_WithoutARoutingInstanceId_SavesStatisticsUnderTheFleetsInstanceId()
    {
        var fleet = new ServiceCollection();
        fleet.AddModelOps(o => o.InstanceId = "host-a").UseInMemory().AddRouting();
        using (var provider = fleet.BuildServiceProvider())
        {
            Assert.Equal("host-a", provider.GetRequiredService<ExperimentRecorders>().Snapshot(RoutingHost.Model, "any").Instances.Single());
        }

        var own = new ServiceCollection();
        own.AddModelOps(o => o.InstanceId = "host-a").UseInMemory().AddRouting(o => o.InstanceId = "routing-1");
        using (var provider = own.BuildServiceProvider())
        {
            Assert.Equal("routing-1", provider.GetRequiredService<ExperimentRecorders>().InstanceId);
        }

        var neither = new ServiceCollection();
        neither.AddModelOps().UseInMemory().AddRouting();
        using (var provider = neither.BuildServiceProvider())
        {
            Assert.Equal(ModelOpsOptions.DefaultInstanceId, provider.GetRequiredService<ExperimentRecorders>().InstanceId);
        }
    }

    [Fact]
    public void AddChampionChallengerAutomation_IsOptIn_AndResolvesOneAutomationOverTheContainersRegistry()
    {
        var plain = new ServiceCollection();
        plain.AddModelOps().UseInMemory().AddRouting();
        using (var provider = plain.BuildServiceProvider())
        {
            Assert.Null(provider.GetService<ChampionChallengerAutomation>());
        }

        var opted = new ServiceCollection();
        opted.AddModelOps().UseInMemory().AddChampionChallengerAutomation().AddChampionChallengerAutomation();
        Assert.Single(opted, d => d.ServiceType == typeof(ChampionChallengerAutomation));
        Assert.Single(opted, d => d.ServiceType == typeof(IRoutedScorerFactory));
        using var withAutomation = opted.BuildServiceProvider();
        Assert.Same(withAutomation.GetRequiredService<ChampionChallengerAutomation>(), withAutomation.GetRequiredService<ChampionChallengerAutomation>());
    }
}
