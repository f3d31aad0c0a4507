using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.AI.Scoring;

/// <summary>
/// A prompt version bound to the host's chat client. It also scores JSON (<see cref="IJsonScoringModel"/>): the input object's
/// properties are the template variables (strings as they are, other values as their JSON text); the output is the validated output
/// object (with an output schema whose root is an object), <c>{ "output": ... }</c> (another schema) or <c>{ "text": ... }</c> (no
/// schema).
/// </summary>
internal sealed class PromptLoadedModel(PromptInvoker invoker) : IPromptModel
{
    private volatile bool _disposed;
    private VariableReader<PromptInput>? _reader;

    public ModelVersion Version => invoker.Version;

    public PromptInvoker Invoker
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return invoker;
        }
    }

    public IModelPredictor<TInput, TOutput> CreatePredictor<TInput, TOutput>()
        where TInput : class
        where TOutput : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new PromptPredictor<TInput, TOutput>(invoker);
    }

    public Task<PromptOutput> GenerateAsync(PromptInput input, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = _reader ??= new VariableReader<PromptInput>(invoker.Document.Variables, Version);
        return invoker.InvokeAsync(reader.Read(input), cancellationToken);
    }

    public JsonObject ScoreJson(JsonElement input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var values = VariableReader<PromptInput>.Read(input, invoker.Document.Variables, Version);
        var output = invoker.InvokeAsync(values, CancellationToken.None).GetAwaiter().GetResult();
        return ToJson(output);
    }

    public static JsonObject ToJson(PromptOutput output) => output.Json switch
    {
        { ValueKind: JsonValueKind.Object } json => JsonObject.Create(json)!.DeepClone().AsObject(),
        { } json => new JsonObject { ["output"] = JsonNode.Parse(json.GetRawText()) },
        null => new JsonObject { ["text"] = output.Text },
    };

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
