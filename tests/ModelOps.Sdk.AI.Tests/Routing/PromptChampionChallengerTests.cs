using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.AI.Replay;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.AI.Tests.Routing;

/// <summary>Two prompt versions run as champion and challenger through the existing routed scorer.</summary>
public sealed class PromptChampionChallengerTests
{
    private const string Ticket = "I was charged twice for order 1234.";

    [Fact]
    public async Task RoutedScorer_SplitsCallsBetweenTwoPromptVersions_EachAnsweringWithItsOwnPrompt()
    {
        var v1 = PromptHost.Example("ticket-triage.json");
        var v2 = v1.Replace("You triage support tickets for {{product}}. Answer with JSON only.", "You are the support triage desk of {{product}}. Reply with one JSON object.", StringComparison.Ordinal);
        var client = new ReplayingChatClient()
            .Record(Request("You triage support tickets for Acme Pay. Answer with JSON only."), Answer("champion wording"))
            .Record(Request("You are the support triage desk of Acme Pay. Reply with one JSON object."), Answer("challenger wording"));
        await using var host = PromptHost.Create(client, b => b.AddRouting(o => o.Seed = 42));
        await host.RegisterAsync(v1);
        await host.RegisterAsync(v2);
        var experiment = new ExperimentBuilder(PromptHost.Model, "reworded")
            .WithChampionVersion(1, weight: 50)
            .AddChallengerVersion("reworded", 2, weight: 50)
            .WithStickyAssignment("salt")
            .Build();
        await host.Services.GetRequiredService<ExperimentStore>().SaveAsync(experiment, "compare the rewording");

        await using var scorer = await host.Services.GetRequiredService<IRoutedScorerFactory>().CreateAsync<SupportTicket, Triage>(PromptHost.Model, "reworded");
        var predictions = Enumerable.Range(0, 200).Select(i => scorer.Score(new SupportTicket { Ticket = Ticket }, entityKey: $"customer-{i}")).ToList();
        var again = scorer.Score(new SupportTicket { Ticket = Ticket }, entityKey: "customer-7");

        Assert.All(predictions, p => Assert.Equal(p.Model.Version == 1 ? "champion wording" : "challenger wording", p.Value.Summary));
        Assert.InRange(predictions.Count(p => p.Model.Version == 2), 60, 140);
        Assert.Equal(predictions[7].Model.Version, again.Model.Version);
        Assert.DoesNotContain(predictions, p => p.ChallengerFailed);
    }

    private static ChatMessage[] Request(string system) => [new(ChatRole.System, system), new(ChatRole.User, $"Ticket: {Ticket}")];

    private static ChatResponse Answer(string summary) =>
        new(new ChatMessage(ChatRole.Assistant, $$"""{"category":"billing","urgency":4,"summary":"{{summary}}"}"""));
}
