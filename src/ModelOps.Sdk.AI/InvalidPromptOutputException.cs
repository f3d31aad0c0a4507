namespace ModelOps.Sdk.AI;

/// <summary>
/// Thrown when a prompt's response is not a valid output: not JSON, not valid against the prompt's output schema (JSON Schema draft
/// 2020-12), or not convertible to the output type. Each one is counted by the <c>modelops.ai.invalid_outputs</c> counter.
/// </summary>
public sealed class InvalidPromptOutputException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidPromptOutputException"/> class.</summary>
    /// <param name="modelName">The prompt model.</param>
    /// <param name="version">The version.</param>
    /// <param name="errors">What is wrong, each naming the JSON Pointer of the value at fault (<c>/priority</c>).</param>
    /// <param name="output">The response's text as the model wrote it.</param>
    public InvalidPromptOutputException(string modelName, int version, IReadOnlyList<string> errors, string output)
        : base($"The output of prompt model '{modelName}' version {version} is invalid: {string.Join("; ", errors ?? [])}. Output: {Excerpt(output)}")
    {
        ArgumentNullException.ThrowIfNull(errors);
        ModelName = modelName;
        Version = version;
        Errors = errors;
        Output = output;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets what is wrong, each naming the JSON Pointer of the value at fault.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Gets the response's text as the model wrote it.</summary>
    public string Output { get; }

    private static string Excerpt(string? output) => output is null ? "(none)" : output.Length <= 200 ? output : output[..200] + "...";
}
