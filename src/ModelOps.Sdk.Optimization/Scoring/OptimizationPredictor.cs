using ModelOps.Sdk.Optimization.Solving;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Optimization.Scoring;

/// <summary>Solves one instance per input. Thread-safe: every call builds its own OR-Tools solver (see <see cref="ModelSolver"/>).</summary>
internal sealed class OptimizationPredictor<TInput, TOutput>(ModelSolver solver, ModelVersion version) : IModelPredictor<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly ParameterReader<TInput> _reader = new(solver.Model, version);
    private readonly ResultWriter<TOutput> _writer = new(solver.Model, version);

    public TOutput Predict(TInput input) => _writer.Write(solver.Solve(_reader.Read(input)));

    public void PredictBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs)
    {
        if (outputs.Length < inputs.Length)
        {
            throw new ArgumentException($"The outputs span has {outputs.Length} elements but there are {inputs.Length} inputs.", nameof(outputs));
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            try
            {
                outputs[i] = Predict(inputs[i]);
            }
            catch (InvalidModelInputException ex)
            {
                throw new InvalidModelInputException(version.ModelName, version.Version, ex.Field, $"batch position {i}: {ex.Data[ParameterReader<TInput>.ProblemKey] as string ?? ex.Message}");
            }
        }
    }
}
