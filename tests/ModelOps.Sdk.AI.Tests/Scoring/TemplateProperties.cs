using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.AI.Tests.Scoring;

/// <summary>Invariants of template rendering, through a registered prompt and a chat client that echoes what it receives.</summary>
public sealed class TemplateProperties : IAsyncLifetime
{
    private PromptHost _host = null!;
    private ILoadedModel _loaded = null!;

    public async Task InitializeAsync()
    {
        _host = PromptHost.Create(new EchoChatClient());
        await _host.RegisterAsync("""{ "formatVersion": 1, "messages": [ { "role": "user", "content": "{{a}} and {{ b }}, then {{a}}." } ] }""");
        _loaded = await _host.Scorers.LoadAsync(PromptHost.Model, 1);
    }

    public async Task DisposeAsync()
    {
        await _loaded.DisposeAsync();
        await _host.DisposeAsync();
    }

    /// <summary>Values are inserted verbatim, every time they are referenced, and never expanded again (a value may hold <c>{{b}}</c>).</summary>
    [Property(MaxTest = 200)]
    public Property Render_InsertsValuesVerbatim()
    {
        var values = ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get)
            .Zip(Gen.Elements("{{b}}", "{{a}}", "}}", "{{", string.Empty));
        return Prop.ForAll(values.Zip(values).ToArbitrary(), pair =>
        {
            var a = pair.Item1.Item1 + pair.Item1.Item2;
            var b = pair.Item2.Item1 + pair.Item2.Item2;
            var predictor = _loaded.CreatePredictor<PromptInput, PromptOutput>();
            var output = predictor.Predict(new PromptInput { Variables = { ["a"] = a, ["b"] = b } });
            return output.Text == $"{a} and {b}, then {a}.";
        });
    }

    private sealed class EchoChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var text = new StringBuilder();
            foreach (var message in messages)
            {
                text.Append(message.Text);
            }

            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString())));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
