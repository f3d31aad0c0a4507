using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace ModelOps.Sdk.AI.Definition;

/// <summary>A parsed, checked prompt artifact (format version 1): immutable and shared by every predictor of a loaded version.</summary>
internal sealed class PromptDocument
{
    public required IReadOnlyList<PromptMessageTemplate> Messages { get; init; }

    /// <summary>The template variables, in order of first appearance.</summary>
    public required IReadOnlyList<string> Variables { get; init; }

    public required ChatOptions Options { get; init; }

    /// <summary>The output schema's text, or <see langword="null"/> for a free-text prompt.</summary>
    public JsonElement? OutputSchemaJson { get; init; }

    public JsonSchema? OutputSchema { get; init; }

    public required IReadOnlyList<Regex> RefusalPatterns { get; init; }

    public string? Description { get; init; }
}

/// <summary>One message of the template: its role and its text split into literal parts and variable references.</summary>
internal sealed record PromptMessageTemplate(ChatRole Role, PromptTemplate Content);
