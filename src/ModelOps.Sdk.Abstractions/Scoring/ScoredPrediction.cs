using ModelOps.Sdk.Predictions;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// A prediction and the model version that produced it.
/// </summary>
/// <typeparam name="TOutput">The output type.</typeparam>
/// <remarks>
/// The value is two references wide whatever it carries, so that scoring returns it in registers: a logged prediction's id (40
/// bytes) is kept beside the served version in one small object made by the logging scorer, which allocates for its log record
/// anyway, instead of widening every scoring call's result.
/// </remarks>
public readonly struct ScoredPrediction<TOutput> : IEquatable<ScoredPrediction<TOutput>>
{
    // The served version, or a LoggedVersion when the prediction was logged; never null once constructed.
    private readonly object? _source;

    /// <summary>Initializes a new instance of the <see cref="ScoredPrediction{TOutput}"/> struct.</summary>
    /// <param name="value">The model's output.</param>
    /// <param name="model">The version that produced it.</param>
    public ScoredPrediction(TOutput value, ServedModel model)
    {
        Value = value;
        _source = model;
    }

    /// <summary>Gets the model's output.</summary>
    public TOutput Value { get; }

    /// <summary>Gets the version that produced the prediction.</summary>
    public ServedModel Model => _source as ServedModel ?? ((LoggedVersion)_source!).Model;

    /// <summary>
    /// Gets the id the prediction was logged under, to replay the decision or record its outcome later, or the default (empty)
    /// id when the scorer does not log its predictions (see <c>WithPredictionLog</c>).
    /// </summary>
    public PredictionId Id
    {
        get => _source is LoggedVersion logged ? logged.Id : default;
        init => _source = value.Equals(default(PredictionId)) ? Model : new LoggedVersion(Model, value);
    }

    /// <summary>Deconstructs the prediction into its output and version.</summary>
    /// <param name="value">The model's output.</param>
    /// <param name="model">The version that produced it.</param>
    public void Deconstruct(out TOutput value, out ServedModel model)
    {
        value = Value;
        model = Model;
    }

    /// <inheritdoc/>
    public bool Equals(ScoredPrediction<TOutput> other) =>
        EqualityComparer<TOutput>.Default.Equals(Value, other.Value) && Equals(Model, other.Model) && Id.Equals(other.Id);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ScoredPrediction<TOutput> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Value, Model, Id);

    /// <inheritdoc/>
    public override string ToString() =>
        Id.Equals(default(PredictionId)) ? $"{Value} from {Model}" : $"{Value} from {Model} as {Id}";

    /// <summary>Tells whether two predictions have equal outputs, versions and ids.</summary>
    /// <param name="left">The first prediction.</param>
    /// <param name="right">The second prediction.</param>
    /// <returns><see langword="true"/> if they are equal.</returns>
    public static bool operator ==(ScoredPrediction<TOutput> left, ScoredPrediction<TOutput> right) => left.Equals(right);

    /// <summary>Tells whether two predictions differ in output, version or id.</summary>
    /// <param name="left">The first prediction.</param>
    /// <param name="right">The second prediction.</param>
    /// <returns><see langword="true"/> if they differ.</returns>
    public static bool operator !=(ScoredPrediction<TOutput> left, ScoredPrediction<TOutput> right) => !left.Equals(right);

    private sealed record LoggedVersion(ServedModel Model, PredictionId Id);
}
