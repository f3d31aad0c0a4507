using Microsoft.ML;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.MLNet.DataViews;

/// <summary>
/// Monitors the columns of an ML.NET <see cref="IDataView"/>: fits a reference profile from training or reference data, profiles
/// current data in the reference's bins (for a batch report), and feeds data-view rows to a
/// <see cref="StreamingMonitor{TInput, TOutput}"/>. The profile is the one <see cref="MonitoringSchema{TInput, TOutput}"/> builds
/// from the same rows as typed objects, so references fitted either way compare and merge.
/// </summary>
/// <remarks>
/// <para><b>Column types.</b> <c>Single</c>, <c>Double</c> and the integer types are numeric (NaN is missing); <c>Text</c> is
/// categorical (an empty text is missing, as ML.NET stores a null string); <c>UInt32</c> keys are categorical, named by their key
/// values when the column has them (key 0 is missing); <c>Boolean</c> is boolean (ML.NET booleans have no missing value). A column
/// of any other type (vectors, dates) that is named is refused with <see cref="DataViewColumnException"/> naming it; when no
/// columns are named, such columns are skipped.</para>
/// <para><b>Predictions.</b> Name the model's output columns of a scored data view (for example <c>Score</c>, <c>Probability</c>,
/// <c>PredictedLabel</c>) as predictions; they are profiled like the features, as the typed path's outputs.</para>
/// <para>Immutable and thread-safe; reading a data view uses a cursor of its own per call.</para>
/// </remarks>
public sealed class DataViewMonitoringSchema
{
    private readonly DataViewColumnReader[] _columns;
    private readonly int _numbers;
    private readonly int _texts;

    private DataViewMonitoringSchema(DataViewColumnReader[] features, DataViewColumnReader[] predictions, int numbers, int texts)
    {
        _columns = [.. features, .. predictions];
        _numbers = numbers;
        _texts = texts;
        var builder = new MonitoringSchemaBuilder<DataViewValues, DataViewValues>();
        foreach (var column in features)
        {
            var slot = column.Slot;
            _ = column.Kind switch
            {
                FeatureKind.Numeric => builder.AddNumericInput(column.Name, row => row.Numbers[slot]),
                FeatureKind.Categorical => builder.AddCategoricalInput(column.Name, row => row.Texts[slot]),
                _ => builder.AddBooleanInput(column.Name, row => row.Numbers[slot] != 0),
            };
        }

        foreach (var column in predictions)
        {
            var slot = column.Slot;
            _ = column.Kind switch
            {
                FeatureKind.Numeric => builder.AddNumericPrediction(column.Name, row => row.Numbers[slot]),
                FeatureKind.Categorical => builder.AddCategoricalPrediction(column.Name, row => row.Texts[slot]),
                _ => builder.AddBooleanPrediction(column.Name, row => row.Numbers[slot] != 0),
            };
        }

        Schema = builder.Build();
    }

    /// <summary>Gets the monitoring schema over data-view rows: use it to build a <see cref="StreamingMonitor{TInput, TOutput}"/>
    /// of <see cref="DataViewValues"/> rows, or with <see cref="DriftAnalyzer"/>.</summary>
    public MonitoringSchema<DataViewValues, DataViewValues> Schema { get; }

    /// <summary>
    /// Creates the schema for the columns of a data view.
    /// </summary>
    /// <param name="schema">The data view's schema (<see cref="IDataView.Schema"/>).</param>
    /// <param name="features">The feature columns in the order the profile lists them, or <see langword="null"/> for every visible
    /// column of a monitored type that is not a prediction, in the data view's order.</param>
    /// <param name="predictions">The model-output columns, or <see langword="null"/> for none.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="DataViewColumnException">A named column is not in the data view or has a type that is not monitored.</exception>
    /// <exception cref="ArgumentException">A column is named twice, or no column is monitored.</exception>
    public static DataViewMonitoringSchema Create(DataViewSchema schema, IEnumerable<string>? features = null, IEnumerable<string>? predictions = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var predictionNames = predictions?.ToList() ?? [];
        var featureNames = features?.ToList()
            ?? [.. schema.Where(c => !c.IsHidden && DataViewColumnReader.KindOf(c.Type) is not null && !predictionNames.Contains(c.Name, StringComparer.Ordinal)).Select(c => c.Name)];
        var twice = featureNames.Concat(predictionNames).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ArgumentException($"The column '{twice.Key}' is named {twice.Count()} times; name each column once, as a feature or as a prediction.", nameof(features));
        }

        int numbers = 0, texts = 0;
        var featureReaders = new DataViewColumnReader[featureNames.Count];
        for (var i = 0; i < featureReaders.Length; i++)
        {
            featureReaders[i] = DataViewColumnReader.Create(schema, featureNames[i], ref numbers, ref texts);
        }

        var predictionReaders = new DataViewColumnReader[predictionNames.Count];
        for (var i = 0; i < predictionReaders.Length; i++)
        {
            predictionReaders[i] = DataViewColumnReader.Create(schema, predictionNames[i], ref numbers, ref texts);
        }

        return new DataViewMonitoringSchema(featureReaders, predictionReaders, numbers, texts);
    }

    /// <summary>Fits a reference profile from training or reference data: bins at the reference quantiles and top categories, as
    /// <see cref="MonitoringSchema{TInput, TOutput}.FitReference"/> fits them from typed rows.</summary>
    /// <param name="data">The reference data (with the prediction columns, when predictions are monitored).</param>
    /// <param name="options">How bins are fixed, or <see langword="null"/> for the defaults.</param>
    /// <returns>The reference profile; store it with <c>registry.SaveReferenceProfileAsync</c>.</returns>
    /// <exception cref="DataViewColumnException">The data view lacks a monitored column or has it with another type.</exception>
    /// <exception cref="ArgumentException">The data view has no rows.</exception>
    public DataProfile FitReference(IDataView data, ProfileOptions? options = null)
    {
        var rows = ReadRows(data).ToList();
        return Schema.FitReference(rows, rows, options);
    }

    /// <summary>Profiles a data view in a reference profile's bins, for a batch comparison.</summary>
    /// <param name="reference">The reference whose bins to count in.</param>
    /// <param name="data">The current data.</param>
    /// <returns>The profile of the data view's rows.</returns>
    /// <exception cref="DataViewColumnException">The data view lacks a monitored column or has it with another type.</exception>
    /// <exception cref="ProfileMismatchException">The reference does not have this schema's features.</exception>
    public DataProfile Profile(DataProfile reference, IDataView data)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var rows = ReadRows(data).ToList();
        return Schema.Profile(reference, rows, rows);
    }

    /// <summary>Compares a data view with a reference in batch: <see cref="Profile"/>, then <see cref="DriftAnalyzer.Analyze"/>.</summary>
    /// <param name="reference">The reference profile.</param>
    /// <param name="data">The current data.</param>
    /// <param name="options">How drift is decided, or <see langword="null"/> for the defaults.</param>
    /// <param name="context">The model, window and extra sections, or <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="DataViewColumnException">The data view lacks a monitored column or has it with another type.</exception>
    /// <exception cref="ProfileMismatchException">The reference does not have this schema's features.</exception>
    public MonitoringReport Analyze(DataProfile reference, IDataView data, DriftOptions? options = null, MonitoringReportContext? context = null) =>
        DriftAnalyzer.Analyze(reference, Profile(reference, data), options, context);

    /// <summary>Feeds every row of a data view to a streaming monitor built over <see cref="Schema"/>, reusing one row object (the
    /// monitor reads it synchronously), so only text values allocate.</summary>
    /// <param name="monitor">The monitor.</param>
    /// <param name="data">The rows to observe.</param>
    /// <param name="cancellationToken">A token to stop between rows.</param>
    /// <returns>The number of rows observed.</returns>
    /// <exception cref="DataViewColumnException">The data view lacks a monitored column or has it with another type.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the rows before it were observed.</exception>
    public long Observe(StreamingMonitor<DataViewValues, DataViewValues> monitor, IDataView data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        long count = 0;
        var row = new DataViewValues(_numbers, _texts);
        foreach (var _ in Read(data, () => row))
        {
            cancellationToken.ThrowIfCancellationRequested();
            monitor.Observe(row, row);
            count++;
        }

        return count;
    }

    /// <summary>Reads the monitored columns of every row of a data view, one new <see cref="DataViewValues"/> per row.</summary>
    /// <param name="data">The data view.</param>
    /// <returns>The rows, read lazily through a cursor when enumerated.</returns>
    /// <exception cref="DataViewColumnException">The data view lacks a monitored column or has it with another type (thrown when
    /// called, before any row is read).</exception>
    public IEnumerable<DataViewValues> ReadRows(IDataView data) => Read(data, () => new DataViewValues(_numbers, _texts));

    private IEnumerable<DataViewValues> Read(IDataView data, Func<DataViewValues> nextRow)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var column in _columns)
        {
            column.EnsureIn(data.Schema);
        }

        return Iterate(data, nextRow);
    }

    private IEnumerable<DataViewValues> Iterate(IDataView data, Func<DataViewValues> nextRow)
    {
        using var cursor = data.GetRowCursor(_columns.Select(c => data.Schema[c.Name]));
        var binders = _columns.Select(c => c.Bind(cursor)).ToArray();
        while (cursor.MoveNext())
        {
            var row = nextRow();
            foreach (var bind in binders)
            {
                bind(row);
            }

            yield return row;
        }
    }
}
