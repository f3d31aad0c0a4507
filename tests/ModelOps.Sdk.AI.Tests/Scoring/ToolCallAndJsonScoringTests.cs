using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelOps.Sdk.AI.Replay;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.AI.Tests.Scoring;

/// <summary>Tool calls come back to the application; the loaded model scores JSON for the tool and the input-example gate.</summary>
public sealed class ToolCallAndJsonScoringTests
{
    private static readonly string Document = PromptHost.Example("ticket-triage.json");

    [Fact]
    public async Task Score_ResponseWithOnlyAToolCall_ReturnsItInPromptOutputAndIsInvalidForATypedOutput()
    {
        var call = new FunctionCallContent("call-1", "lookupOrder", new Dictionary<string, object?> { ["orderNumber"] = "1234" });
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { FinishReason = ChatFinishReason.ToolCalls };
        var client = new ReplayingChatClient().Record(PromptScoringTests.Request("Acme Pay", "Where is order 1234?"), response);
        await using var host = PromptHost.Create(client);
        await host.RegisterAsync(Document);
        await using var loaded = await host.Scorers.LoadAsync(PromptHost.Model, 1);
        var ticket = new SupportTicket { Ticket = "Where is order 1234?" };

        var output = loaded.CreatePredictor<SupportTicket, PromptOutput>().Predict(ticket);
        var ex = Assert.Throws<InvalidPromptOutputException>(() => loaded.CreatePredictor<SupportTicket, Triage>().Predict(ticket));

        var toolCall = Assert.Single(output.ToolCalls);
        Assert.Equal(("lookupOrder", "1234"), (toolCall.Name, toolCall.Arguments!["orderNumber"]));
        Assert.Null(output.Json);
        Assert.Equal("tool_calls", output.FinishReason);
        Assert.Contains("1 tool call(s)", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreJson_VariablesAsProperties_ReturnsTheValidatedOutputObject()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(Document);
        await using var loaded = await host.Scorers.LoadAsync(PromptHost.Model, 1);
        using var input = JsonDocument.Parse("""{ "product": "Acme Pay", "Ticket": "I was charged twice for order 1234." }""");

        var output = Assert.IsAssignableFrom<IJsonScoringModel>(loaded).ScoreJson(input.RootElement);

        Assert.Equal(("billing", 4), (output["category"]!.GetValue<string>(), output["urgency"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ScoreJson_MissingVariable_ThrowsInvalidModelInputNamingIt()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(Document);
        await using var loaded = await host.Scorers.LoadAsync(PromptHost.Model, 1);
        using var input = JsonDocument.Parse("""{ "product": "Acme Pay" }""");

        var ex = Assert.Throws<InvalidModelInputException>(() => ((IJsonScoringModel)loaded).ScoreJson(input.RootElement));

        Assert.Equal("ticket", ex.Field);
    }
}

/// <summary>The asynchronous path: a loaded prompt version is an <see cref="IPromptModel"/>.</summary>
public sealed class PromptModelTests
{
    [Fact]
    public async Task GenerateAsync_LoadedVersion_ReturnsTheValidatedOutputWithoutBlocking()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(PromptHost.Example("ticket-triage.json"));
        await using var loaded = await host.Scorers.LoadAsync(PromptHost.Model, 1);
        var prompt = Assert.IsAssignableFrom<IPromptModel>(loaded);

        var output = await prompt.GenerateAsync(new PromptInput { Variables = { ["product"] = "Acme Pay", ["ticket"] = "My parcel is a week late." } });
        var missing = await Assert.ThrowsAsync<InvalidModelInputException>(() => prompt.GenerateAsync(new PromptInput { Variables = { ["product"] = "Acme Pay" } }));

        Assert.Equal("delivery", output.Json!.Value.GetProperty("category").GetString());
        Assert.Equal("ticket", missing.Field);
    }
}
