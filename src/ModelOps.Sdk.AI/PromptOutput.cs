using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelOps.Sdk.AI;

/// <summary>
/// What one prompt call returned: the text, the output parsed and checked against the prompt's output schema, the tool calls the
/// model asked for, the finish reason and the token usage the provider reported.
/// </summary>
public sealed class PromptOutput
{
    /// <summary>Gets the response's text (its messages' text content, concatenated).</summary>
    public required string Text { get; init; }

    /// <summary>
    /// Gets the output parsed as JSON and valid against the prompt's output schema, or <see langword="null"/> when the prompt has no
    /// output schema (or the model answered with tool calls only).
    /// </summary>
    public JsonElement? Json { get; init; }

    /// <summary>Gets the tool calls the model asked for (declared in the prompt's <c>tools</c>); the application runs them.</summary>
    public IReadOnlyList<FunctionCallContent> ToolCalls { get; init; } = [];

    /// <summary>Gets the finish reason the provider reported (<c>stop</c>, <c>length</c>, <c>tool_calls</c>...), if any.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Gets the model that answered, as the provider reported it, if any.</summary>
    public string? ResponseModelId { get; init; }

    /// <summary>Gets the input (prompt) tokens the provider reported, if any.</summary>
    public long? InputTokens { get; init; }

    /// <summary>Gets the output (completion) tokens the provider reported, if any.</summary>
    public long? OutputTokens { get; init; }

    /// <summary>Gets how long the chat client took, measured with the injected <see cref="TimeProvider"/>.</summary>
    public TimeSpan Duration { get; init; }
}
