using System.Globalization;
using ModelOps.Sdk.Evidence;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Data: requires the validation data to pass its data-quality checks: the validation monitoring report raised no data-quality
/// alert, the share of bad rows is at most a threshold, and no input broke the model's signature.
/// </summary>
public sealed class DataQualityGate : ValidationReportGate
{
    /// <summary>Initializes a new instance of the <see cref="DataQualityGate"/> class.</summary>
    /// <param name="maximumBadRowShare">The largest allowed share of rows with any issue, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside [0, 1].</exception>
    public DataQualityGate(double maximumBadRowShare = 0.01)
    {
        if (!(maximumBadRowShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maximumBadRowShare), maximumBadRowShare, "The bad-row share must lie in [0, 1].");
        }

        MaximumBadRowShare = maximumBadRowShare;
    }

    /// <inheritdoc/>
    public override string Name => "data:quality";

    /// <summary>Gets the largest allowed share of bad rows.</summary>
    public double MaximumBadRowShare { get; }

    /// <inheritdoc/>
    protected override string Threshold => string.Create(CultureInfo.InvariantCulture, $"bad rows <= {MaximumBadRowShare}, no data-quality alert, no signature issue");

    /// <inheritdoc/>
    protected override GateResult Evaluate(ModelVersion candidate, MonitoringSummary report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.BadRowShare is not { } bad)
        {
            return GateResult.Fail(Name, "the validation report has no data-quality section", threshold: Threshold);
        }

        var alert = report.DataQualityAlert;
        var signatureIssues = report.SignatureIssues.Count;
        var figures = new Dictionary<string, double> { ["badRowShare"] = bad, ["alert"] = alert ? 1 : 0, ["signatureIssues"] = signatureIssues };
        var problems = new List<string>();
        if (bad > MaximumBadRowShare)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{bad * 100:0.00}% of rows are bad (at most {MaximumBadRowShare * 100:0.00}%)"));
        }

        if (alert)
        {
            problems.Add("the report raised a data-quality alert");
        }

        if (signatureIssues > 0)
        {
            problems.Add($"{signatureIssues} signature issue(s)");
        }

        return problems.Count == 0
            ? GateResult.Pass(Name, string.Create(CultureInfo.InvariantCulture, $"{bad * 100:0.00}% of rows are bad"), figures, Threshold)
            : GateResult.Fail(Name, string.Join("; ", problems), figures, Threshold);
    }
}
