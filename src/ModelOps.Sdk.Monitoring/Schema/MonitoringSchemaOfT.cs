using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>
/// Which fields of a model's input type <typeparamref name="TInput"/> and output type <typeparamref name="TOutput"/> are
/// monitored, and as what. Each field is read by a delegate compiled once (no reflection per row). Build one with
/// <see cref="MonitoringSchema.FromProperties{TInput, TOutput}"/> or <see cref="MonitoringSchemaBuilder{TInput, TOutput}"/>; it fits reference profiles and profiles
/// batches of current rows, and a <see cref="Monitors.StreamingMonitor{TInput, TOutput}"/> uses it on the hot path.
/// </summary>
/// <typeparam name="TInput">The model's input row type.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MonitoringSchema<TInput, TOutput>
{
    internal MonitoringSchema(FeatureReader<TInput>[] inputs, FeatureReader<TOutput>[] outputs)
    {
        InputReaders = inputs;
        OutputReaders = outputs;
        Features = [.. inputs.Select(r => new MonitoredField(r.Name, r.Kind, r.ClrType))];
        Predictions = [.. outputs.Select(r => new MonitoredField(r.Name, r.Kind, r.ClrType))];
    }

    /// <summary>Gets the monitored input features, in order.</summary>
    public IReadOnlyList<MonitoredField> Features { get; }

    /// <summary>Gets the monitored model outputs, in order.</summary>
    public IReadOnlyList<MonitoredField> Predictions { get; }

    internal FeatureReader<TInput>[] InputReaders { get; }

    internal FeatureReader<TOutput>[] OutputReaders { get; }

    /// <summary>
    /// Fits a reference profile from training or reference rows and the model's outputs for them: fixes each numeric feature's bins
    /// at the reference quantiles and each categorical feature's top categories, then counts the rows in those bins.
    /// </summary>
    /// <param name="inputs">The reference rows.</param>
    /// <param name="outputs">The model's output for each row, in the same order.</param>
    /// <param name="options">How bins are fixed, or <see langword="null"/> for the defaults.</param>
    /// <returns>The reference profile.</returns>
    /// <exception cref="ArgumentException">The two sequences have different lengths, or are empty.</exception>
    public DataProfile FitReference(IEnumerable<TInput> inputs, IEnumerable<TOutput> outputs, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        options ??= new ProfileOptions();
        options.Validate();
        var (inputRows, outputRows) = Materialize(inputs, outputs);
        if (inputRows.Count == 0)
        {
            throw new ArgumentException("A reference profile needs at least one row.", nameof(inputs));
        }

        var features = InputReaders.Select(r => FitBins(r, inputRows, options)).ToArray();
        var predictions = OutputReaders.Select(r => FitBins(r, outputRows, options)).ToArray();
        var bins = new DataProfile { Features = features, Predictions = predictions };
        return Count(bins, inputRows, outputRows);
    }

    /// <summary>Profiles a batch of current rows in a reference profile's bins, for a batch comparison or a test.</summary>
    /// <param name="reference">The reference whose bins to count in.</param>
    /// <param name="inputs">The rows.</param>
    /// <param name="outputs">The model's output for each row, in the same order.</param>
    /// <returns>The profile of the batch.</returns>
    /// <exception cref="ProfileMismatchException">The reference does not have this schema's features.</exception>
    /// <exception cref="ArgumentException">The two sequences have different lengths.</exception>
    public DataProfile Profile(DataProfile reference, IEnumerable<TInput> inputs, IEnumerable<TOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var (inputRows, outputRows) = Materialize(inputs, outputs);
        return Count(reference, inputRows, outputRows);
    }

    /// <summary>Checks that a profile has this schema's features, in order and of the same kinds.</summary>
    internal void EnsureMatches(DataProfile profile)
    {
        Check(Features, profile.Features, "input feature");
        Check(Predictions, profile.Predictions, "prediction");

        static void Check(IReadOnlyList<MonitoredField> fields, IReadOnlyList<FeatureProfile> profiles, string role)
        {
            for (var i = 0; i < Math.Max(fields.Count, profiles.Count); i++)
            {
                if (i >= fields.Count)
                {
                    throw new ProfileMismatchException(profiles[i].Name, $"the profile has this {role} but the schema does not");
                }

                if (i >= profiles.Count)
                {
                    throw new ProfileMismatchException(fields[i].Name, $"the schema has this {role} but the profile does not");
                }

                if (!string.Equals(fields[i].Name, profiles[i].Name, StringComparison.Ordinal) || fields[i].Kind != profiles[i].Kind)
                {
                    throw new ProfileMismatchException(fields[i].Name, $"the schema's {role} {i} is '{fields[i].Name}' ({fields[i].Kind}) but the profile's is '{profiles[i].Name}' ({profiles[i].Kind})");
                }
            }
        }
    }

    private static FeatureProfile FitBins<T>(FeatureReader<T> reader, List<T> rows, ProfileOptions options) => reader.Kind switch
    {
        FeatureKind.Numeric => ReferenceBinning.Numeric(reader.Name, rows.Select(reader.Number!).ToArray(), options.NumericBins),
        FeatureKind.Categorical => ReferenceBinning.Categorical(reader.Name, rows.Select(reader.Category!), options),
        _ => ReferenceBinning.Boolean(reader.Name),
    };

    private static (List<TInput> Inputs, List<TOutput> Outputs) Materialize(IEnumerable<TInput> inputs, IEnumerable<TOutput> outputs)
    {
        var inputRows = inputs.ToList();
        var outputRows = outputs.ToList();
        return inputRows.Count == outputRows.Count
            ? (inputRows, outputRows)
            : throw new ArgumentException($"There are {inputRows.Count} input rows but {outputRows.Count} outputs; give one output per row.", nameof(outputs));
    }

    private DataProfile Count(DataProfile bins, List<TInput> inputs, List<TOutput> outputs)
    {
        var recorder = new RowRecorder<TInput, TOutput>(this, bins);
        var accumulator = bins.CreateAccumulator();
        var values = new double[recorder.Width];
        var slots = new int[recorder.Width];
        var names = recorder.HasCategories ? new string?[recorder.Width] : null;
        for (var i = 0; i < inputs.Count; i++)
        {
            recorder.Read(inputs[i], outputs[i], values, slots, names);
            recorder.Apply(accumulator, values, slots, names);
        }

        return accumulator.ToProfile();
    }
}
