using System.Globalization;
using ModelOps.Sdk.Evidence;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Fairness: for each named protected attribute, the validation monitoring report's demographic parity ratio is at least a
/// minimum (0.8 is the four-fifths rule) and its equalized odds difference at most a maximum (Fairlearn's definitions, as the
/// monitoring package computes them). An attribute missing from the report, or whose groups are too small for a figure, fails.
/// </summary>
public sealed class FairnessGate : ValidationReportGate
{
    /// <summary>Initializes a new instance of the <see cref="FairnessGate"/> class.</summary>
    /// <param name="attributes">The protected attributes (as named in the report), at least one.</param>
    /// <param name="minimumDemographicParityRatio">The smallest allowed ratio of the lowest to the highest selection rate, in [0, 1].</param>
    /// <param name="maximumEqualizedOddsDifference">The largest allowed equalized odds difference, in [0, 1], or <see langword="null"/> to skip it (it needs labels).</param>
    /// <exception cref="ArgumentException">No attribute is named, or a limit is outside [0, 1].</exception>
    public FairnessGate(IEnumerable<string> attributes, double minimumDemographicParityRatio = 0.8, double? maximumEqualizedOddsDifference = 0.1)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        Attributes = attributes.ToArray();
        if (Attributes.Count == 0 || Attributes.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Name at least one protected attribute, none empty.", nameof(attributes));
        }

        if (!(minimumDemographicParityRatio is >= 0 and <= 1) || maximumEqualizedOddsDifference is { } eod && !(eod is >= 0 and <= 1))
        {
            throw new ArgumentException("Fairness limits must lie in [0, 1].", nameof(minimumDemographicParityRatio));
        }

        MinimumDemographicParityRatio = minimumDemographicParityRatio;
        MaximumEqualizedOddsDifference = maximumEqualizedOddsDifference;
    }

    /// <inheritdoc/>
    public override string Name => "fairness";

    /// <summary>Gets the protected attributes.</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>Gets the smallest allowed demographic parity ratio.</summary>
    public double MinimumDemographicParityRatio { get; }

    /// <summary>Gets the largest allowed equalized odds difference, if checked.</summary>
    public double? MaximumEqualizedOddsDifference { get; }

    /// <inheritdoc/>
    protected override string Threshold => string.Create(CultureInfo.InvariantCulture,
        $"demographic parity ratio >= {MinimumDemographicParityRatio}{(MaximumEqualizedOddsDifference is { } m ? $", equalized odds difference <= {m}" : string.Empty)}");

    /// <inheritdoc/>
    protected override GateResult Evaluate(ModelVersion candidate, MonitoringSummary report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var byAttribute = new Dictionary<string, FairnessSummary>(StringComparer.Ordinal);
        foreach (var fairness in report.Fairness)
        {
            byAttribute.TryAdd(fairness.Attribute, fairness);
        }

        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var attribute in Attributes)
        {
            if (!byAttribute.TryGetValue(attribute, out var fairness))
            {
                problems.Add($"the validation report has no fairness results for '{attribute}'");
                continue;
            }

            Check(attribute, fairness.DemographicParityRatio, fairness.InsufficientReason, "demographicParityRatio", "demographic parity ratio", MinimumDemographicParityRatio, atLeast: true, figures, problems);
            if (MaximumEqualizedOddsDifference is { } maximum)
            {
                Check(attribute, fairness.EqualizedOddsDifference, fairness.InsufficientReason, "equalizedOddsDifference", "equalized odds difference", maximum, atLeast: false, figures, problems);
            }
        }

        return problems.Count == 0
            ? GateResult.Pass(Name, $"within limits for {string.Join(", ", Attributes)}", figures, Threshold)
            : GateResult.Fail(Name, string.Join("; ", problems), figures, Threshold);
    }

    private static void Check(string attribute, double? figure, string? reason, string property, string label, double limit, bool atLeast, Dictionary<string, double> figures, List<string> problems)
    {
        if (figure is not { } value)
        {
            problems.Add($"{label} for '{attribute}' is insufficient{(reason is null ? string.Empty : $" ({reason})")}");
            return;
        }

        figures[$"{attribute}.{property}"] = value;
        if (atLeast ? value < limit : value > limit)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{label} for '{attribute}' is {value:0.###}, {(atLeast ? "below the minimum" : "above the maximum")} {limit}"));
        }
    }
}
