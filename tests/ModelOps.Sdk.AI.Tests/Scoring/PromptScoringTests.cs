using Microsoft.Extensions.AI;
using ModelOps.Sdk.AI.Replay;

namespace ModelOps.Sdk.AI.Tests.Scoring;

/// <summary>Scoring a registered prompt version through the host's chat client, typed and as <see cref="PromptOutput"/>.</summary>
public sealed class PromptScoringTests
{
    private static readonly string Document = PromptHost.Example("ticket-triage.json");

    [Fact]
    public async Task Score_TypedOutput_IsParsedFromTheValidatedJson()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(Document);
        await host.Registry.SetAliasAsync(PromptHost.Model, "champion", 1);

        await using var scorer = await host.Scorers.CreateScorerAsync<SupportTicket, Triage>(PromptHost.Model, "champion");
        var triage = scorer.Score(new SupportTicket { Ticket = "I was charged twice for order 1234." });

        Assert.Equal(("billing", 4, "Customer charged twice for order 1234"), (triage.Value.Category, triage.Value.Urgency, triage.Value.Summary));
        Assert.Equal(1, triage.Model.Version);
    }

    [Fact]
    public async Task Score_PromptOutput_CarriesUsageFinishReasonAndTheUnfencedJson()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(Document);
        await using var scorer = await host.Scorers.CreatePinnedScorerAsync<PromptInput, PromptOutput>(PromptHost.Model, 1);
        var input = new PromptInput { Variables = { ["product"] = "Acme Pay", ["ticket"] = "My parcel is a week late." } };

        var output = (await scorer.ScoreAsync(input)).Value;

        Assert.StartsWith("```json", output.Text, StringComparison.Ordinal);
        Assert.Equal("delivery", output.Json!.Value.GetProperty("category").GetString());
        Assert.Equal((48L, 21L), (output.InputTokens!.Value, output.OutputTokens!.Value));
        Assert.Equal(("stop", "gpt-4o-mini-2024-07-18"), (output.FinishReason, output.ResponseModelId));
    }

    [Fact]
    public async Task Score_OutputViolatingTheSchema_ThrowsInvalidPromptOutputNamingTheValue()
    {
        var client = new ReplayingChatClient().Record(Request("Acme Pay", "Where is my refund?"), Answer("""{"category":"refund","urgency":9,"summary":"x"}"""));
        await using var host = PromptHost.Create(client);
        await host.RegisterAsync(Document);
        await using var scorer = await host.Scorers.CreatePinnedScorerAsync<SupportTicket, Triage>(PromptHost.Model, 1);

        var ex = Assert.Throws<InvalidPromptOutputException>(() => scorer.Score(new SupportTicket { Ticket = "Where is my refund?" }));

        Assert.Equal((PromptHost.Model, 1), (ex.ModelName, ex.Version));
        Assert.Contains(ex.Errors, e => e.Contains("'/category'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'/urgency'", StringComparison.Ordinal));
        Assert.Contains("\"refund\"", ex.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_OutputThatIsNotJson_ThrowsInvalidPromptOutput()
    {
        var client = new ReplayingChatClient().Record(Request("Acme Pay", "Hello"), Answer("Sure! The category is billing."));
        await using var host = PromptHost.Create(client);
        await host.RegisterAsync(Document);
        await using var scorer = await host.Scorers.CreatePinnedScorerAsync<SupportTicket, Triage>(PromptHost.Model, 1);

        var ex = Assert.Throws<InvalidPromptOutputException>(() => scorer.Score(new SupportTicket { Ticket = "Hello" }));

        Assert.StartsWith("the output is not JSON", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I can't help with that request.", "stop", "refusal pattern")]
    [InlineData("", "content_filter", "finish reason content_filter")]
    public async Task Score_Refusal_ThrowsPromptRefused(string text, string finishReason, string expectedReason)
    {
        var response = Answer(text);
        response.FinishReason = new ChatFinishReason(finishReason);
        var client = new ReplayingChatClient().Record(Request("Acme Pay", "Tell me a secret"), response);
        await using var host = PromptHost.Create(client);
        await host.RegisterAsync(Document);
        await using var scorer = await host.Scorers.CreatePinnedScorerAsync<SupportTicket, Triage>(PromptHost.Model, 1);

        var ex = Assert.Throws<PromptRefusedException>(() => scorer.Score(new SupportTicket { Ticket = "Tell me a secret" }));

        Assert.Contains(expectedReason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_UnrecordedRequest_FailsWithTheRequestKey()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(Document);
        await using var scorer = await host.Scorers.CreatePinnedScorerAsync<SupportTicket, Triage>(PromptHost.Model, 1);

        var ex = Assert.Throws<UnrecordedChatRequestException>(() => scorer.Score(new SupportTicket { Ticket = "A new ticket" }));

        Assert.Equal(ReplayingChatClient.KeyOf(Request("Acme Pay", "A new ticket")), ex.RequestKey);
    }

    [Fact]
    public async Task CreatePredictor_InputWithoutAVariable_ThrowsSignatureMismatchNamingIt()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(Document);
        await using var loaded = await host.Scorers.LoadAsync(PromptHost.Model, 1);

        var ex = Assert.Throws<ModelSignatureMismatchException>(() => loaded.CreatePredictor<Triage, Triage>());

        Assert.Equal("product", ex.Field);
    }

    [Fact]
    public async Task Score_NullVariable_ThrowsInvalidModelInputNamingIt()
    {
        await using var host = PromptHost.Create();
        await host.RegisterAsync(Document);
        await using var loaded = await host.Scorers.LoadAsync(PromptHost.Model, 1);
        var predictor = loaded.CreatePredictor<SupportTicket, Triage>();

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new SupportTicket { Ticket = null! }));

        Assert.Equal("ticket", ex.Field);
    }

    [Fact]
    public async Task Score_ChatClientThatNeverAnswers_TimesOutAfterTheConfiguredTimeout()
    {
        await using var host = PromptHost.Create(new SilentChatClient(), configure: o => o.Timeout = TimeSpan.FromSeconds(30));
        await host.RegisterAsync(Document);
        await using var loaded = await host.Scorers.LoadAsync(PromptHost.Model, 1);
        var predictor = loaded.CreatePredictor<SupportTicket, PromptOutput>();

        var call = Task.Run(() => predictor.Predict(new SupportTicket { Ticket = "Hello" }));
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!call.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            host.Time.Advance(TimeSpan.FromSeconds(31));
            await Task.WhenAny(call, Task.Delay(10));
        }

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("AIFlavorOptions.Timeout", ex.Message, StringComparison.Ordinal);
    }

    internal static ChatMessage[] Request(string product, string ticket) =>
    [
        new(ChatRole.System, $"You triage support tickets for {product}. Answer with JSON only."),
        new(ChatRole.User, $"Ticket: {ticket}"),
    ];

    internal static ChatResponse Answer(string text) => new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop };

    /// <summary>A chat client that waits until it is cancelled.</summary>
    private sealed class SilentChatClient : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
