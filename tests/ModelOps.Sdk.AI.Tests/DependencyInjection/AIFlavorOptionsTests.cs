using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.AI.Replay;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.AI.Tests.DependencyInjection;

/// <summary><see cref="AIFlavorOptions"/> bind from <c>ModelOps:Flavors:AI</c>, are validated on start, and choose the chat client.</summary>
public sealed class AIFlavorOptionsTests
{
    [Fact]
    public async Task Host_BindsTheSectionAndScoresWithTheKeyedChatClient()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelOps:Flavors:AI:ChatClientKey"] = "support",
            ["ModelOps:Flavors:AI:Timeout"] = "00:00:20",
        });
        builder.Services.AddKeyedSingleton<IChatClient>("support", PromptHost.Recordings());
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseInMemory().AddAI();
        using var host = builder.Build();
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = PromptHost.Model,
            Flavor = PromptFlavor.FlavorName,
            Artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(PromptHost.Example("ticket-triage.json"))),
        });

        var options = host.Services.GetRequiredService<IOptions<AIFlavorOptions>>().Value;
        await using var loaded = await host.Services.GetRequiredService<ModelOps.Sdk.Scoring.IModelScorerFactory>().LoadAsync(PromptHost.Model, 1);
        var triage = loaded.CreatePredictor<SupportTicket, Triage>().Predict(new SupportTicket { Ticket = "I was charged twice for order 1234." });

        Assert.Equal(("support", TimeSpan.FromSeconds(20)), (options.ChatClientKey, options.Timeout));
        Assert.Equal("billing", triage.Category);
        await host.StopAsync();
    }

    [Fact]
    public async Task Host_MisspeltKeyOrTimeoutOutOfRange_FailsOnStartNamingThem()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelOps:Flavors:AI:Timeout"] = "02:00:00",
            ["ModelOps:Flavors:AI:ChatClientKy"] = "support",
        });
        builder.Services.AddSingleton<IChatClient>(new ReplayingChatClient());
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).UseInMemory().AddAI();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        var failures = ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        Assert.Contains(failures, f => f.Contains("AIFlavorOptions.Timeout must be between 1 ms and 01:00:00; it is 02:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("ModelOps:Flavors:AI:ChatClientKy is not a setting that ModelOps reads; did you mean ModelOps:Flavors:AI:ChatClientKey?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_WithoutAChatClient_FailsSayingHowToAddOne()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddAI();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = PromptHost.Model,
            Flavor = PromptFlavor.FlavorName,
            Artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(PromptHost.Example("ticket-triage.json"))),
        });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<ModelOps.Sdk.Scoring.IModelScorerFactory>().LoadAsync(PromptHost.Model, 1));

        Assert.Contains("no IChatClient is registered", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAI_Twice_RegistersOneFlavorAndOneGateType()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddAI().AddAI(o => o.Timeout = TimeSpan.FromSeconds(5));
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IModelFlavor>(), f => f.Name == PromptFlavor.FlavorName);
        Assert.Single(provider.GetServices<Governance.Policies.PromotionGateType>(), t => t.Name == ModelOps.Sdk.AI.Evaluation.GoldenDatasetGate.GateType);
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptions<AIFlavorOptions>>().Value.Timeout);
    }
}
