using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.AI;
using ModelOps.Sdk.AI.Replay;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The prompt flavor's overhead over calling the <see cref="IChatClient"/> directly: one triage call rendering two variables,
/// answered in process by a <see cref="ReplayingChatClient"/> (so the provider's round trip, which dwarfs both, is not measured).
/// Baseline: the same messages built by hand, the same client call, and the answer parsed with System.Text.Json. The flavor adds
/// template rendering, options cloning, the timeout token, metrics, JSON Schema validation (JsonSchema.Net) and deserialization.
/// Not run yet: no result is recorded in docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
public class PromptScorerBenchmarks
{
    private const string Prompt = """
        {
          "formatVersion": 1,
          "messages": [
            { "role": "system", "content": "You triage support tickets for {{product}}. Answer with JSON only." },
            { "role": "user", "content": "Ticket: {{ticket}}" }
          ],
          "options": { "temperature": 0 },
          "outputSchema": {
            "type": "object",
            "properties": {
              "category": { "enum": ["billing", "delivery", "technical", "other"] },
              "urgency": { "type": "integer", "minimum": 1, "maximum": 5 },
              "summary": { "type": "string", "maxLength": 120 }
            },
            "required": ["category", "urgency", "summary"],
            "additionalProperties": false
          }
        }
        """;

    private const string Ticket = "I was charged twice for order 1234.";

    private readonly BenchTicket _input = new() { Product = "Acme Pay", Ticket = Ticket };
    private readonly ChatOptions _options = new() { Temperature = 0 };
    private ReplayingChatClient _client = new();
    private ServiceProvider? _services;
    private IModelPredictor<BenchTicket, BenchTriage>? _predictor;
    private IModelScorer<BenchTicket, BenchTriage>? _scorer;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        ChatMessage[] request =
        [
            new(ChatRole.System, "You triage support tickets for Acme Pay. Answer with JSON only."),
            new(ChatRole.User, $"Ticket: {Ticket}"),
        ];
        _client = new ReplayingChatClient().Record(request, new ChatResponse(new ChatMessage(ChatRole.Assistant,
            """{"category":"billing","urgency":4,"summary":"Customer charged twice for order 1234"}""")) { Usage = new UsageDetails { InputTokenCount = 52, OutputTokenCount = 19 } });
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(_client);
        services.AddModelOps().UseInMemory().AddAI();
        _services = services.BuildServiceProvider();
        var registry = _services.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "triage", Flavor = PromptFlavor.FlavorName, Artifact = new MemoryStream(Encoding.UTF8.GetBytes(Prompt)) });
        await registry.SetAliasAsync("triage", "champion", 1);
        var scorers = _services.GetRequiredService<IModelScorerFactory>();
        _scorer = await scorers.CreateScorerAsync<BenchTicket, BenchTriage>("triage", "champion");
        _predictor = (await scorers.LoadAsync("triage", 1)).CreatePredictor<BenchTicket, BenchTriage>();
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_scorer is not null)
        {
            await _scorer.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<BenchTriage?> ChatClientDirectly()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, $"You triage support tickets for {_input.Product}. Answer with JSON only."),
            new(ChatRole.User, $"Ticket: {_input.Ticket}"),
        ];
        var response = await _client.GetResponseAsync(messages, _options);
        return System.Text.Json.JsonSerializer.Deserialize<BenchTriage>(response.Text, System.Text.Json.JsonSerializerOptions.Web);
    }

    [Benchmark]
    public BenchTriage PromptPredictor() => _predictor!.Predict(_input);

    [Benchmark]
    public BenchTriage PromptScorerByAlias() => _scorer!.Score(_input).Value;
}

/// <summary>The benchmark's input: the prompt's two variables.</summary>
public sealed class BenchTicket
{
    public string Product { get; init; } = string.Empty;

    public string Ticket { get; init; } = string.Empty;
}

/// <summary>The benchmark's output, deserialized from the validated JSON.</summary>
public sealed class BenchTriage
{
    public string Category { get; init; } = string.Empty;

    public int Urgency { get; init; }

    public string Summary { get; init; } = string.Empty;
}
