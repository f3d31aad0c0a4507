using System.Globalization;
using System.Text;
using ModelOps.Sdk.Monitoring.Fairness;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>Reads the headline figures of a <see cref="FairnessReport"/> for the report's alert, metrics and text.</summary>
internal static class FairnessFigures
{
    /// <summary>The four-fifths rule: a selection-rate ratio below 0.8 is a violation (EEOC Uniform Guidelines, 29 CFR 1607.4(D)).</summary>
    public static bool Violates(FairnessReport report) =>
        (report.DemographicParityRatio is { Value: { } ratio } && ratio < 0.8)
        || report.ComparisonsWithPrivileged.Any(c => c.PassesFourFifthsRule == false);

    /// <summary>The demographic parity difference (max minus min selection rate), when the groups are large enough.</summary>
    public static double? ParityGap(FairnessReport report) =>
        report.DemographicParityDifference.Value;

    public static string ToText(FairnessReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"  fairness{(report.Attribute is null ? string.Empty : $" ({report.Attribute})")}: {(Violates(report) ? "ALERT (four-fifths rule)" : "ok")}; demographic parity difference {Format(report.DemographicParityDifference)}, ratio {Format(report.DemographicParityRatio)}; equal opportunity difference {Format(report.EqualOpportunityDifference)}; equalized odds difference {Format(report.EqualizedOddsDifference)}");
        foreach (var group in report.Groups)
        {
            text.AppendLine(c, $"    {group.Group}: {group.Counts.Count:N0} decisions, selection rate {(group.SelectionRate is { } rate ? rate.ToString("P1", CultureInfo.InvariantCulture) : "insufficient")}");
        }

        return text.ToString();

        static string Format(FairnessMeasure measure) =>
            measure.Value is { } value ? value.ToString("F3", CultureInfo.InvariantCulture) : $"insufficient ({measure.Reason})";
    }
}
