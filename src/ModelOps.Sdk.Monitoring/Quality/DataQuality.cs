using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Monitoring.Quality;

/// <summary>Evaluates the data quality of a window's profile against its reference, and a schema against a model signature.</summary>
public static class DataQuality
{
    /// <summary>Evaluates a window's data quality.</summary>
    /// <param name="reference">The reference profile.</param>
    /// <param name="current">The window's profile, counted in the reference's bins.</param>
    /// <param name="options">The thresholds, or <see langword="null"/> for the defaults.</param>
    /// <param name="signatureIssues">Differences from <see cref="CheckSignature{TInput, TOutput}"/>, to carry in the report.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ProfileMismatchException">The profiles do not share their bins.</exception>
    public static DataQualityReport Evaluate(DataProfile reference, DataProfile current, DataQualityOptions? options = null, IReadOnlyList<SignatureIssue>? signatureIssues = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DataQualityOptions();
        DataProfile.EnsureSameBins(reference, current);
        var features = reference.Features.Zip(current.Features, (r, c) => EvaluateFeature(r, c, options)).ToArray();
        var predictions = reference.Predictions.Zip(current.Predictions, (r, c) => EvaluateFeature(r, c, options)).ToArray();
        var share = current.RowCount == 0 ? 0 : (double)current.BadRowCount / current.RowCount;
        var newlyConstant = features.Concat(predictions).Zip(reference.Features.Concat(reference.Predictions))
            .Any(p => p.First.AlmostConstant && !(p.Second.GetTopValueShare() >= options.AlmostConstantShare));
        return new DataQualityReport
        {
            RowCount = current.RowCount,
            BadRowCount = current.BadRowCount,
            BadRowShare = share,
            Alert = (current.RowCount > 0 && share >= options.BadRowShareAlert) || newlyConstant || signatureIssues is { Count: > 0 },
            Features = features,
            Predictions = predictions,
            SignatureIssues = signatureIssues ?? [],
        };
    }

    /// <summary>
    /// Compares what a schema reads with a model version's signature: every required signature input must be monitored, with a
    /// kind its type allows (numbers as numeric, strings as categorical, booleans as boolean) and a scalar shape. Monitored features the
    /// signature lacks (a segment, a derived column) are fine. Names match ignoring case.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="schema">The monitoring schema.</param>
    /// <param name="signature">The version's signature.</param>
    /// <returns>The differences; empty when they agree.</returns>
    public static IReadOnlyList<SignatureIssue> CheckSignature<TInput, TOutput>(MonitoringSchema<TInput, TOutput> schema, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(signature);
        var issues = new List<SignatureIssue>();
        Compare(schema.Features, signature.Inputs, "input", issues);
        Compare(schema.Predictions, signature.Outputs, "output", issues);
        return issues;
    }

    private static FeatureQuality EvaluateFeature(FeatureProfile reference, FeatureProfile current, DataQualityOptions options)
    {
        var top = current.GetTopValueShare();
        return new FeatureQuality
        {
            Name = current.Name,
            Kind = current.Kind,
            Count = current.Count,
            MissingCount = current.MissingCount,
            MissingShare = current.Count == 0 ? 0 : (double)current.MissingCount / current.Count,
            ReferenceMissingShare = reference.Count == 0 ? 0 : (double)reference.MissingCount / reference.Count,
            InfiniteCount = current.InfiniteCount,
            BelowRangeCount = current.UnderflowCount,
            AboveRangeCount = current.OverflowCount,
            UnseenCount = current.UnseenCount,
            UnseenExamples = current.UnseenExamples,
            TopValueShare = top,
            AlmostConstant = top >= options.AlmostConstantShare,
        };
    }

    private static void Compare(IReadOnlyList<MonitoredField> monitored, IReadOnlyList<SignatureField> declared, string role, List<SignatureIssue> issues)
    {
        foreach (var field in declared)
        {
            var match = monitored.FirstOrDefault(m => string.Equals(m.Name, field.Name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                if (!field.IsOptional)
                {
                    issues.Add(new SignatureIssue(field.Name, $"the signature's {role} '{field.Name}' ({field.DataType}) is not monitored"));
                }

                continue;
            }

            var expected = KindOf(field.DataType);
            if (expected is null)
            {
                issues.Add(new SignatureIssue(field.Name, $"the signature's type '{field.DataType}' cannot be monitored as {match.Kind}"));
            }
            else if (expected != match.Kind)
            {
                issues.Add(new SignatureIssue(field.Name, $"the signature says {field.DataType} ({expected}), the schema reads {match.Kind} from {match.ClrType}"));
            }

            if (field.Shape is { } shape && shape.Any(d => d != 1))
            {
                issues.Add(new SignatureIssue(field.Name, $"the signature's shape [{string.Join(",", shape)}] is not a scalar; monitor its elements as separate features"));
            }
        }
    }

    private static FeatureKind? KindOf(string dataType) => dataType.ToUpperInvariant() switch
    {
        "FLOAT" or "FLOAT16" or "FLOAT32" or "FLOAT64" or "DOUBLE" or "SINGLE" or "DECIMAL" or "BFLOAT16"
            or "INT8" or "INT16" or "INT32" or "INT64" or "UINT8" or "UINT16" or "UINT32" or "UINT64" or "INT" or "LONG" or "NUMBER" or "INTEGER" => FeatureKind.Numeric,
        "STRING" or "TEXT" or "CATEGORY" or "ENUM" => FeatureKind.Categorical,
        "BOOL" or "BOOLEAN" => FeatureKind.Boolean,
        _ => null,
    };
}
