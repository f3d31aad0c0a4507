using System.ComponentModel.DataAnnotations;

namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// How a reference profile is fitted: the number of quantile bins per numeric feature and how many categories are kept.
/// </summary>
public sealed class ProfileOptions
{
    /// <summary>Gets or sets the number of quantile bins per numeric feature, before values repeated in a whole bin's share get bins
    /// of their own.</summary>
    /// <value>The default value is 10, the bin count Evidently uses for PSI.</value>
    [Range(2, 1000)]
    public int NumericBins { get; set; } = 10;

    /// <summary>Gets or sets how many of a categorical feature's most frequent reference categories get a bin of their own; the
    /// rest share the "other" bin.</summary>
    /// <value>The default value is 20.</value>
    [Range(1, 10_000)]
    public int TopCategories { get; set; } = 20;

    /// <summary>Gets or sets how many of the remaining reference categories the profile records by name, so that a category the
    /// reference never had can be told apart from an "other" one.</summary>
    /// <value>The default value is 1000.</value>
    [Range(0, 1_000_000)]
    public int MaxOtherCategories { get; set; } = 1000;

    internal void Validate()
    {
        if (NumericBins is < 2 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(NumericBins), NumericBins, "NumericBins must be between 2 and 1000.");
        }

        if (TopCategories is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(TopCategories), TopCategories, "TopCategories must be between 1 and 10,000.");
        }

        if (MaxOtherCategories is < 0 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOtherCategories), MaxOtherCategories, "MaxOtherCategories must be between 0 and 1,000,000.");
        }
    }
}
