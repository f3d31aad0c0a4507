using System.Globalization;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Cli.Profiles;

/// <summary>
/// Fits a reference profile from rows of text with the Monitoring package's own fitting (<see cref="MonitoringSchema{TInput, TOutput}.FitReference"/>).
/// Each column's kind comes from the version's signature when it names the column (numbers are numeric, <c>bool</c> boolean, other
/// types categorical), otherwise from the data (numeric when every value parses as a number, boolean when every value is true or
/// false, categorical otherwise). Predictions are the signature's outputs present in the data and the columns named by
/// <c>--prediction</c>; every other column is an input feature.
/// </summary>
internal static class ReferenceProfileFitter
{
    private static readonly string[] NumericTypes = ["float", "double", "single", "decimal", "number", "int", "uint", "long", "short", "byte"];

    public static (DataProfile Profile, IReadOnlyList<string> Inputs, IReadOnlyList<string> Predictions) Fit(
        IReadOnlyList<string> columns,
        List<Dictionary<string, string?>> rows,
        ModelSignature signature,
        IReadOnlyCollection<string> predictionColumns)
    {
        var unknown = predictionColumns.Where(p => !columns.Contains(p, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw new CliUsageException($"--prediction: the data has no column {string.Join(", ", unknown.Select(u => $"'{u}'"))}; its columns are {string.Join(", ", columns)}");
        }

        var outputs = new HashSet<string>(predictionColumns, StringComparer.Ordinal);
        foreach (var output in signature.Outputs.Where(o => columns.Contains(o.Name, StringComparer.Ordinal)))
        {
            outputs.Add(output.Name);
        }

        var declared = signature.Inputs.Concat(signature.Outputs).GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().DataType, StringComparer.Ordinal);
        var builder = new MonitoringSchemaBuilder<Dictionary<string, string?>, Dictionary<string, string?>>();
        var inputs = new List<string>();
        var predictions = new List<string>();
        foreach (var column in columns)
        {
            var kind = declared.TryGetValue(column, out var type) ? KindOf(type) : Infer(column, rows);
            var isOutput = outputs.Contains(column);
            (isOutput ? predictions : inputs).Add(column);
            switch (kind, isOutput)
            {
                case (FeatureKind.Numeric, false):
                    builder.AddNumericInput(column, row => Number(row, column));
                    break;
                case (FeatureKind.Numeric, true):
                    builder.AddNumericPrediction(column, row => Number(row, column));
                    break;
                case (FeatureKind.Boolean, false):
                    builder.AddBooleanInput(column, row => Boolean(row, column));
                    break;
                case (FeatureKind.Boolean, true):
                    builder.AddBooleanPrediction(column, row => Boolean(row, column));
                    break;
                case (_, false):
                    builder.AddCategoricalInput(column, row => row.GetValueOrDefault(column));
                    break;
                default:
                    builder.AddCategoricalPrediction(column, row => row.GetValueOrDefault(column));
                    break;
            }
        }

        if (inputs.Count == 0)
        {
            throw new CliUsageException("--data: every column is a prediction; a reference profile needs at least one input column");
        }

        var profile = builder.Build().FitReference(rows, rows);
        return (profile, inputs, predictions);
    }

    private static FeatureKind KindOf(string type)
    {
        var normalized = type.ToUpperInvariant();
        if (normalized.StartsWith("BOOL", StringComparison.Ordinal))
        {
            return FeatureKind.Boolean;
        }

        return NumericTypes.Any(n => normalized.StartsWith(n.ToUpperInvariant(), StringComparison.Ordinal)) ? FeatureKind.Numeric : FeatureKind.Categorical;
    }

    private static FeatureKind Infer(string column, List<Dictionary<string, string?>> rows)
    {
        var values = rows.Select(r => r.GetValueOrDefault(column)).OfType<string>().ToArray();
        if (values.Length > 0 && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            return FeatureKind.Numeric;
        }

        return values.Length > 0 && values.All(v => bool.TryParse(v, out _)) ? FeatureKind.Boolean : FeatureKind.Categorical;
    }

    private static double Number(Dictionary<string, string?> row, string column) =>
        row.GetValueOrDefault(column) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    private static bool? Boolean(Dictionary<string, string?> row, string column) =>
        row.GetValueOrDefault(column) is { } text && bool.TryParse(text, out var value) ? value : null;
}
