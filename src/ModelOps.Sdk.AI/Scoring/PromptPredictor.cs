using System.Text.Json;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.AI.Scoring;

/// <summary>
/// Scores typed inputs with a prompt. <see cref="IModelPredictor{TInput, TOutput}.Predict"/> is synchronous in ModelOps.Sdk, so it
/// waits for the chat client's answer on the calling thread (see <c>docs/flavors/ai.md</c>, "Synchronous scoring").
/// </summary>
internal sealed class PromptPredictor<TInput, TOutput> : IModelPredictor<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly PromptInvoker _invoker;
    private readonly VariableReader<TInput> _reader;

    public PromptPredictor(PromptInvoker invoker)
    {
        _invoker = invoker;
        _reader = new VariableReader<TInput>(invoker.Document.Variables, invoker.Version);
        if (typeof(TOutput) != typeof(PromptOutput) && invoker.Document.OutputSchema is null)
        {
            throw new ModelSignatureMismatchException(invoker.Version.ModelName, invoker.Version.Version, "output",
                $"the prompt has no outputSchema, so its output is text: score into PromptOutput rather than {typeof(TOutput).Name}");
        }
    }

    public TOutput Predict(TInput input)
    {
        var values = _reader.Read(input);
        var output = _invoker.InvokeAsync(values, CancellationToken.None).GetAwaiter().GetResult();
        return Convert(output);
    }

    public void PredictBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs)
    {
        if (outputs.Length < inputs.Length)
        {
            throw new ArgumentException($"The outputs span has {outputs.Length} elements but there are {inputs.Length} inputs.", nameof(outputs));
        }

        // One call per input: chat APIs have no batch call in IChatClient.
        for (var i = 0; i < inputs.Length; i++)
        {
            outputs[i] = Predict(inputs[i]);
        }
    }

    private TOutput Convert(PromptOutput output)
    {
        if (output is TOutput same)
        {
            return same;
        }

        if (output.Json is not { } json)
        {
            throw _invoker.InvalidOutput(output, $"the model answered with {output.ToolCalls.Count} tool call(s) and no output, which {typeof(TOutput).Name} cannot hold; score into PromptOutput to receive tool calls");
        }

        try
        {
            return json.Deserialize<TOutput>(JsonSerializerOptions.Web)
                ?? throw _invoker.InvalidOutput(output, $"the output is null, which {typeof(TOutput).Name} cannot hold");
        }
        catch (JsonException ex)
        {
            throw _invoker.InvalidOutput(output, $"the output is valid against the schema but does not convert to {typeof(TOutput).Name}{(ex.Path is null ? string.Empty : $" at '{ex.Path}'")}: {ex.Message}");
        }
    }
}
