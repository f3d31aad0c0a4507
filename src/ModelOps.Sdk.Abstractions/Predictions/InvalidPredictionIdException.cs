namespace ModelOps.Sdk.Predictions;

/// <summary>
/// Thrown when a text given as a prediction id (for example to record an outcome) is not one. Nothing was recorded.
/// </summary>
public sealed class InvalidPredictionIdException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidPredictionIdException"/> class.</summary>
    /// <param name="text">The text given.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidPredictionIdException(string text, string problem)
        : base($"'{(text.Length > 200 ? text[..200] + "..." : text)}' is not a prediction id: {problem}.")
    {
        Text = text;
        Problem = problem;
    }

    /// <summary>Gets the text given.</summary>
    public string Text { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string Problem { get; }
}
