using System.Diagnostics;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;
using ModelOps.Sdk.AI.Definition;
using ModelOps.Sdk.AI.Telemetry;

namespace ModelOps.Sdk.AI.Scoring;

/// <summary>
/// Makes one prompt call: renders the messages, calls the chat client with the version's options, measures it, and turns the
/// response into a <see cref="PromptOutput"/>, refusing refusals and invalid outputs with typed, counted exceptions.
/// </summary>
internal sealed class PromptInvoker
{
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    private readonly IChatClient _client;
    private readonly AITelemetry _telemetry;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly TagList _tags;

    public PromptInvoker(PromptDocument document, ModelVersion version, IChatClient client, AITelemetry telemetry, TimeProvider timeProvider, TimeSpan timeout)
    {
        Document = document;
        Version = version;
        _client = client;
        _telemetry = telemetry;
        _timeProvider = timeProvider;
        _timeout = timeout;
        var tags = new TagList { { "gen_ai.operation.name", "chat" } };
        if ((client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata) is { } metadata)
        {
            if (metadata.ProviderName is { } provider)
            {
                tags.Add("gen_ai.provider.name", provider);
            }

            if ((document.Options.ModelId ?? metadata.DefaultModelId) is { } model)
            {
                tags.Add("gen_ai.request.model", model);
            }
        }
        else if (document.Options.ModelId is { } model)
        {
            tags.Add("gen_ai.request.model", model);
        }

        tags.Add("modelops.model.name", version.ModelName);
        tags.Add("modelops.model.version", version.Version);
        _tags = tags;
    }

    public PromptDocument Document { get; }

    public ModelVersion Version { get; }

    public async Task<PromptOutput> InvokeAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>(Document.Messages.Count);
        foreach (var message in Document.Messages)
        {
            messages.Add(new ChatMessage(message.Role, message.Content.Render(values)));
        }

        // Clients may change the options they are given (a middleware adding tools); each call gets its own copy.
        var options = Document.Options.Clone();
        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _timeProvider.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await _client.GetResponseAsync(messages, options, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            RecordDuration(started, null, typeof(TimeoutException).FullName);
            throw new TimeoutException($"Prompt model '{Version.ModelName}' version {Version.Version}: the chat client did not answer within {_timeout} (AIFlavorOptions.Timeout).", ex);
        }
        catch (Exception ex)
        {
            RecordDuration(started, null, ex.GetType().FullName);
            throw;
        }

        var elapsed = RecordDuration(started, response.ModelId, null);
        var tags = WithResponseModel(response.ModelId);
        if (response.Usage?.InputTokenCount is { } input)
        {
            var inputTags = tags;
            inputTags.Add("gen_ai.token.type", "input");
            _telemetry.TokenUsage.Record(input, inputTags);
        }

        if (response.Usage?.OutputTokenCount is { } output)
        {
            var outputTags = tags;
            outputTags.Add("gen_ai.token.type", "output");
            _telemetry.TokenUsage.Record(output, outputTags);
        }

        var text = response.Text;
        if (RefusalOf(response, text) is { } refusal)
        {
            _telemetry.Refusals.Add(1, tags);
            throw new PromptRefusedException(Version.ModelName, Version.Version, refusal, text);
        }

        var toolCalls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToArray();
        JsonElement? json = null;
        if (Document.OutputSchema is { } schema && (text.Length > 0 || toolCalls.Length == 0))
        {
            json = Validate(schema, text, tags);
        }

        return new PromptOutput
        {
            Text = text,
            Json = json,
            ToolCalls = toolCalls,
            FinishReason = response.FinishReason?.Value,
            ResponseModelId = response.ModelId,
            InputTokens = response.Usage?.InputTokenCount,
            OutputTokens = response.Usage?.OutputTokenCount,
            Duration = elapsed,
        };
    }

    /// <summary>Counts an output that was valid JSON but could not become the caller's type, and builds its exception.</summary>
    public InvalidPromptOutputException InvalidOutput(PromptOutput output, string problem)
    {
        _telemetry.InvalidOutputs.Add(1, WithResponseModel(output.ResponseModelId));
        return new InvalidPromptOutputException(Version.ModelName, Version.Version, [problem], output.Text);
    }

    private JsonElement Validate(JsonSchema schema, string text, TagList tags)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Unfence(text));
        }
        catch (JsonException ex)
        {
            _telemetry.InvalidOutputs.Add(1, tags);
            throw new InvalidPromptOutputException(Version.ModelName, Version.Version, [$"the output is not JSON: {ex.Message}"], text);
        }

        using (document)
        {
            var root = document.RootElement.Clone();
            var result = schema.Evaluate(root, ListOutput);
            if (result.IsValid)
            {
                return root;
            }

            _telemetry.InvalidOutputs.Add(1, tags);
            var errors = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({e.Key}): {e.Value}"))
                .DefaultIfEmpty("the output does not match the output schema")
                .ToArray();
            throw new InvalidPromptOutputException(Version.ModelName, Version.Version, errors, text);
        }
    }

    /// <summary>
    /// Models often wrap JSON in one Markdown code fence (<c>```json ... ```</c>) even when asked not to; the fence is removed, and
    /// nothing else is (text around the JSON still makes the output invalid).
    /// </summary>
    private static string Unfence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return trimmed;
        }

        var firstLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return firstLine < 0 ? trimmed : trimmed[(firstLine + 1)..^3].Trim();
    }

    private string? RefusalOf(ChatResponse response, string text)
    {
        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            return "finish reason content_filter";
        }

        foreach (var pattern in Document.RefusalPatterns)
        {
            if (pattern.IsMatch(text))
            {
                return $"the response matches the refusal pattern '{pattern}'";
            }
        }

        return null;
    }

    private TimeSpan RecordDuration(long started, string? responseModel, string? errorType)
    {
        var elapsed = _timeProvider.GetElapsedTime(started);
        var tags = WithResponseModel(responseModel);
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _telemetry.Duration.Record(elapsed.TotalSeconds, tags);
        return elapsed;
    }

    private TagList WithResponseModel(string? responseModel)
    {
        var tags = _tags;
        if (responseModel is not null)
        {
            tags.Add("gen_ai.response.model", responseModel);
        }

        return tags;
    }
}
