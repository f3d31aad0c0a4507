using System.Globalization;
using ModelOps.Sdk.Evidence;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Data: requires the version's validation data not to drift from its training (reference) profile: the share of drifted features
/// in the validation monitoring report is at most a threshold, and (by default) the predictions did not drift either.
/// </summary>
public sealed class ValidationDriftGate : ValidationReportGate
{
    /// <summary>Initializes a new instance of the <see cref="ValidationDriftGate"/> class.</summary>
    /// <param name="maximumDriftedShare">The largest allowed share of drifted features, in [0, 1].</param>
    /// <param name="allowPredictionDrift">Whether drift of the predictions is allowed.</param>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside [0, 1].</exception>
    public ValidationDriftGate(double maximumDriftedShare = 0, bool allowPredictionDrift = false)
    {
        if (!(maximumDriftedShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumDriftedShare), maximumDriftedShare, "The drifted share must lie in [0, 1].");
        }

        MaximumDriftedShare = maximumDriftedShare;
        AllowPredictionDrift = allowPredictionDrift;
    }

    /// <inheritdoc/>
    public override string Name => "data:validation-drift";

    /// <summary>Gets the largest allowed share of drifted features.</summary>
    public double MaximumDriftedShare { get; }

    /// <summary>Gets whether drift of the predictions is allowed.</summary>
    public bool AllowPredictionDrift { get; }

    /// <inheritdoc/>
    protected override string Threshold => string.Create(CultureInfo.InvariantCulture, $"drifted share <= {MaximumDriftedShare}{(AllowPredictionDrift ? string.Empty : ", predictions not drifted")}");

    /// <inheritdoc/>
    protected override GateResult Evaluate(ModelVersion candidate, MonitoringSummary report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.DriftedShare is not { } drifted)
        {
            return GateResult.Fail(Name, "the validation report has no dataset drift summary", threshold: Threshold);
        }

        var driftedFeatures = report.DriftedFeatures;
        var predictionsDrifted = report.PredictionDrifted;
        var figures = new Dictionary<string, double> { ["driftedShare"] = drifted, ["predictionsDrifted"] = predictionsDrifted ? 1 : 0 };
        if (drifted > MaximumDriftedShare)
        {
            return GateResult.Fail(Name, string.Create(CultureInfo.InvariantCulture,
                $"{drifted * 100:0.0}% of features drifted on the validation data ({string.Join(", ", driftedFeatures)}); at most {MaximumDriftedShare * 100:0.0}% is allowed"), figures, Threshold);
        }

        if (predictionsDrifted && !AllowPredictionDrift)
        {
            return GateResult.Fail(Name, "the predictions on the validation data drifted from the reference", figures, Threshold);
        }

        return GateResult.Pass(Name, string.Create(CultureInfo.InvariantCulture, $"{drifted * 100:0.0}% of features drifted on the validation data"), figures, Threshold);
    }
}
