using System.Globalization;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// The limits a model's fairness figures are shown against: those of the fairness gate in the model's effective promotion policy,
/// or, without one, the four-fifths rule.
/// </summary>
/// <param name="MinimumDemographicParityRatio">The lowest acceptable demographic parity ratio.</param>
/// <param name="MaximumEqualizedOddsDifference">The highest acceptable equalized odds difference, or <see langword="null"/> when not limited.</param>
/// <param name="Source">Where the limits come from, in plain words.</param>
public sealed record FairnessThresholds(double MinimumDemographicParityRatio, double? MaximumEqualizedOddsDifference, string Source)
{
    /// <summary>Gets the four-fifths rule (a demographic parity ratio of at least 0.8; US EEOC Uniform Guidelines, 29 CFR 1607.4(D)), used when no policy sets limits.</summary>
    public static FairnessThresholds FourFifthsRule { get; } = new(0.8, null, "the four-fifths rule (the promotion policy has no fairness gate)");

    /// <summary>Describes the limits in plain words ("demographic parity ratio at least 0.8, equalized odds difference at most 0.1").</summary>
    /// <returns>The description.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"demographic parity ratio at least {MinimumDemographicParityRatio}{(MaximumEqualizedOddsDifference is { } m ? $", equalized odds difference at most {m}" : string.Empty)}");
}
