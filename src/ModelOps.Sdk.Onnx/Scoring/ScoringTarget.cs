namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>The version a predictor scores, for error messages, and the input rules that apply.</summary>
internal sealed class ScoringTarget(string modelName, int version, bool allowNonFiniteInputs)
{
    public string ModelName { get; } = modelName;

    public int Version { get; } = version;

    public bool AllowNonFiniteInputs { get; } = allowNonFiniteInputs;

    public InvalidModelInputException InvalidInput(string? field, int position, string problem) =>
        new(ModelName, Version, field, position < 0 ? problem : $"{problem} (input at position {position})");
}
