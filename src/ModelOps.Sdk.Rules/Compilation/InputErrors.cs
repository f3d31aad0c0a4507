using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Rules.Compilation;

/// <summary>
/// Creates the exceptions for inputs a rule set cannot decide. Compiled predicates call it only on the failure path, so the
/// success path never allocates.
/// </summary>
internal sealed class InputErrors(ModelVersion version)
{
    /// <summary>The <see cref="Exception.Data"/> key under which the problem is kept, so a batch can restate it with the position.</summary>
    public const string ProblemKey = "ModelOps.Sdk.Rules.Problem";

    public InvalidModelInputException NullInput() => Create(null, "the input is null");

    public InvalidModelInputException NullValue(string field) =>
        Create(field, "the value is null, and the rule set does not declare the input \"nullable\": true");

    public InvalidModelInputException NotANumber(string field) =>
        Create(field, "the value is NaN, and the rule set does not declare the input \"nullable\": true");

    public InvalidModelInputException Ambiguous(IEnumerable<string> ruleIds) =>
        Create(null, $"rules {string.Join(", ", ruleIds.Select(id => $"'{id}'"))} all match, but the hit policy UNIQUE allows at most one");

    public InvalidModelInputException AtPosition(InvalidModelInputException inner, int position) =>
        Create(inner.Field, $"batch position {position}: {inner.Data[ProblemKey] as string ?? inner.Message}");

    private InvalidModelInputException Create(string? field, string problem)
    {
        var exception = new InvalidModelInputException(version.ModelName, version.Version, field, problem);
        exception.Data[ProblemKey] = problem;
        return exception;
    }

    /// <summary>Scores a batch one input at a time, naming the position of an input that fails.</summary>
    public void PredictEach<TInput, TOutput>(IModelPredictor<TInput, TOutput> predictor, ReadOnlySpan<TInput> inputs, Span<TOutput> outputs)
        where TInput : class
        where TOutput : class
    {
        if (outputs.Length < inputs.Length)
        {
            throw new ArgumentException($"The outputs span has {outputs.Length} elements but there are {inputs.Length} inputs.", nameof(outputs));
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            try
            {
                outputs[i] = predictor.Predict(inputs[i]);
            }
            catch (InvalidModelInputException ex)
            {
                throw AtPosition(ex, i);
            }
        }
    }
}
