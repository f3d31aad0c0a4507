using ModelOps.Sdk.Monitoring.Fairness;
using System.Globalization;
using ModelOps.Sdk.Monitoring.Drift;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>
/// Compares a window's profile with the reference and writes a <see cref="MonitoringReport"/>: a drift method per feature and per
/// output chosen by kind and sample size (or overridden), the dataset-drift decision, and data quality.
/// </summary>
/// <remarks>
/// <para><b>Automatic choice</b>, in the spirit of Evidently's defaults (<c>evidently.calculations.stattests.registry</c>,
/// <c>get_default_stattest</c>): with at most <see cref="DriftOptions.SmallSampleLimit"/> reference rows, statistical tests decide
/// at <see cref="DriftOptions.Alpha"/>; with more, effect sizes decide at Evidently's 0.1.</para>
/// <list type="table">
/// <listheader><term>Feature</term><description>Small reference / large reference</description></listheader>
/// <item><term>numeric, more than <see cref="DriftOptions.FewValuesLimit"/> distinct values</term><description>Kolmogorov–Smirnov
/// (binned) / Wasserstein-1 normalised by the reference standard deviation (binned), threshold 0.1</description></item>
/// <item><term>numeric with few values, categorical, boolean</term><description>chi-square / Jensen–Shannon distance in base 2,
/// threshold <see cref="DriftDefaults.JensenShannonThreshold"/> (≈ 0.12, Evidently's 0.1 in natural-log units)</description></item>
/// </list>
/// <para>Kolmogorov–Smirnov and Wasserstein run here on the profiles' bins, ordered from underflow to overflow, and report that they
/// are approximations with their error bound; the exact raw-value versions are in <see cref="KolmogorovSmirnovTest"/> and
/// <see cref="WassersteinDistance"/>. Since those two cannot place missing values, a numeric feature also gets a
/// <see cref="FeatureDrift.MissingShift"/> comparing its present and missing counts. Every other method sees the missing,
/// out-of-range, other and unseen bins as bins, so a rise in missing values or a new category is drift.</para>
/// </remarks>
public static class DriftAnalyzer
{
    /// <summary>Compares a window with the reference.</summary>
    /// <param name="reference">The reference profile.</param>
    /// <param name="current">The window's profile, counted in the reference's bins (from a monitor or
    /// <see cref="Schema.MonitoringSchema{TInput, TOutput}.Profile"/>).</param>
    /// <param name="options">How drift is decided, or <see langword="null"/> for the defaults.</param>
    /// <param name="context">The model, window and extra sections, or <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ProfileMismatchException">The profiles do not share their features and bins.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or an override names a method that cannot compare that
    /// feature (the message says which).</exception>
    public static MonitoringReport Analyze(DataProfile reference, DataProfile current, DriftOptions? options = null, MonitoringReportContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The drift options are invalid: " + string.Join("; ", problems) + ".", nameof(options));
        }

        DataProfile.EnsureSameBins(reference, current);
        var unknown = options.Features.Keys.Where(k => !reference.Features.Concat(reference.Predictions).Any(f => string.Equals(f.Name, k, StringComparison.Ordinal))).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"The drift options override features the profile does not have: {string.Join(", ", unknown)}.", nameof(options));
        }

        var features = reference.Features.Zip(current.Features, (r, c) => Compare(r, c, options)).ToArray();
        var predictions = reference.Predictions.Zip(current.Predictions, (r, c) => Compare(r, c, options)).ToArray();
        context ??= new MonitoringReportContext();
        return new MonitoringReport
        {
            ModelName = context.ModelName,
            ModelVersion = context.ModelVersion,
            WindowStartedAt = context.WindowStartedAt,
            WindowEndedAt = context.WindowEndedAt,
            ReferenceRows = reference.RowCount,
            CurrentRows = current.RowCount,
            Features = features,
            Predictions = predictions,
            DatasetDrift = Summarize(features, options),
            DataQuality = DataQuality.Evaluate(reference, current, context.Quality, context.SignatureIssues),
            Fairness = context.Fairness ?? (context.FairnessByAttribute is { Count: > 0 } all ? all[0] : null),
            FairnessByAttribute = [.. (context.Fairness is { } single ? [single] : Array.Empty<FairnessReport>()).Concat(context.FairnessByAttribute ?? [])],
            ConceptDrift = context.ConceptDrift ?? [],
            Labels = context.Labels,
        };
    }

    /// <summary>Compares one feature (exposed for tests and for callers that compare a single column).</summary>
    /// <param name="reference">The feature's reference profile.</param>
    /// <param name="current">The feature's window profile, in the same bins.</param>
    /// <param name="options">How drift is decided, or <see langword="null"/> for the defaults.</param>
    /// <returns>The feature's drift.</returns>
    /// <exception cref="ProfileMismatchException">The bins differ.</exception>
    public static FeatureDrift CompareFeature(FeatureProfile reference, FeatureProfile current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var problem = reference.DescribeBinDifference(current);
        if (problem is not null)
        {
            throw new ProfileMismatchException(reference.Name, problem);
        }

        return Compare(reference, current, options ?? new DriftOptions());
    }

    private static FeatureDrift Compare(FeatureProfile reference, FeatureProfile current, DriftOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        options.Features.TryGetValue(reference.Name, out var overrides);
        var small = reference.Count <= options.SmallSampleLimit;
        var fewValues = reference.Kind != FeatureKind.Numeric || HasFewValues(reference, options.FewValuesLimit);
        DriftMethod method;
        string selection;
        if (overrides?.Method is { } chosen)
        {
            method = chosen;
            selection = "override";
        }
        else
        {
            method = (small, fewValues) switch
            {
                (true, false) => DriftMethod.KolmogorovSmirnov,
                (true, true) => DriftMethod.ChiSquare,
                (false, false) => DriftMethod.WassersteinDistance,
                _ => DriftMethod.JensenShannonDistance,
            };
            selection = string.Create(c, $"auto: {reference.Kind.ToString().ToLowerInvariant()}{(reference.Kind == FeatureKind.Numeric ? fewValues ? $" with at most {options.FewValuesLimit} values" : $" with more than {options.FewValuesLimit} values" : string.Empty)}, {reference.Count:N0} reference rows {(small ? "<=" : ">")} {options.SmallSampleLimit:N0}");
        }

        if (method is DriftMethod.KolmogorovSmirnov or DriftMethod.WassersteinDistance && reference.Kind != FeatureKind.Numeric)
        {
            throw new ArgumentException($"Feature '{reference.Name}' is {reference.Kind}; {method} needs ordered numeric bins. Use chi-square, PSI, Jensen-Shannon or Hellinger.", nameof(options));
        }

        var threshold = overrides?.Threshold;
        var result = Run(method, reference, current, threshold, options);
        if (result is null)
        {
            // No reference values to place bins by, or no spread to normalise by: compare the bins instead.
            selection += $"; the reference has no finite spread, so Jensen-Shannon instead of {method}";
            method = DriftMethod.JensenShannonDistance;
            result = Run(method, reference, current, threshold, options);
        }

        DriftResult? missingShift = null;
        if (method is DriftMethod.KolmogorovSmirnov or DriftMethod.WassersteinDistance && (reference.MissingCount > 0 || current.MissingCount > 0))
        {
            long[] refSplit = [reference.Count - reference.MissingCount, reference.MissingCount];
            long[] curSplit = [current.Count - current.MissingCount, current.MissingCount];
            missingShift = small
                ? ChiSquareTest.Compute(refSplit, curSplit, options.Alpha)
                : JensenShannonDistance.Compute(refSplit, curSplit, smoothing: options.Smoothing);
        }

        return new FeatureDrift { Name = reference.Name, Kind = reference.Kind, Selection = selection, Result = result!, MissingShift = missingShift };
    }

    private static DriftResult? Run(DriftMethod method, FeatureProfile reference, FeatureProfile current, double? threshold, DriftOptions options)
    {
        switch (method)
        {
            case DriftMethod.KolmogorovSmirnov:
                return reference.Edges.Count == 0 ? null : KolmogorovSmirnovTest.ComputeBinned(OrderedCounts(reference), OrderedCounts(current), threshold ?? options.Alpha);
            case DriftMethod.WassersteinDistance:
                {
                    var std = reference.Moments?.PopulationStandardDeviation ?? 0;
                    if (!(std > 0) || reference.Edges.Count == 0)
                    {
                        return null;
                    }

                    return WassersteinDistance.ComputeBinned(OrderedEdges(reference, current), OrderedCounts(reference), OrderedCounts(current), std, threshold ?? DriftDefaults.WassersteinThreshold);
                }

            case DriftMethod.ChiSquare:
                return ChiSquareTest.Compute(reference.GetBinnedCounts(), current.GetBinnedCounts(), threshold ?? options.Alpha);
            case DriftMethod.PopulationStabilityIndex:
                return PopulationStabilityIndex.Compute(reference.GetBinnedCounts(), current.GetBinnedCounts(), threshold ?? DriftDefaults.PopulationStabilityIndexThreshold, options.Smoothing);
            case DriftMethod.HellingerDistance:
                return HellingerDistance.Compute(reference.GetBinnedCounts(), current.GetBinnedCounts(), threshold ?? DriftDefaults.HellingerThreshold, options.Smoothing);
            default:
                return JensenShannonDistance.Compute(reference.GetBinnedCounts(), current.GetBinnedCounts(), threshold, options.Smoothing);
        }
    }

    /// <summary>Whether every regular bin of a numeric feature is a single value and there are at most <paramref name="limit"/>.</summary>
    private static bool HasFewValues(FeatureProfile reference, int limit)
    {
        if (reference.Counts.Count > limit)
        {
            return false;
        }

        for (var i = 0; i < reference.Counts.Count; i++)
        {
            if (reference.Edges[i + 1] != Math.BitIncrement(reference.Edges[i]) && reference.Counts[i] > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Underflow, the regular bins, overflow: the numeric bins in ascending order, without missing values.</summary>
    private static long[] OrderedCounts(FeatureProfile profile)
    {
        var counts = new long[profile.Counts.Count + 2];
        counts[0] = profile.UnderflowCount;
        for (var i = 0; i < profile.Counts.Count; i++)
        {
            counts[i + 1] = profile.Counts[i];
        }

        counts[^1] = profile.OverflowCount;
        return counts;
    }

    /// <summary>
    /// The edges of <see cref="OrderedCounts"/>: the underflow bin reaches down to the window's smallest finite value and the overflow
    /// bin up to its largest (both profiles' moments), so out-of-range values keep their distance; infinities sit at those ends.
    /// </summary>
    private static double[] OrderedEdges(FeatureProfile reference, FeatureProfile current)
    {
        var edges = new double[reference.Edges.Count + 2];
        var first = reference.Edges[0];
        var last = reference.Edges[^1];
        edges[0] = Math.Min(first, current.Moments?.Min ?? first);
        for (var i = 0; i < reference.Edges.Count; i++)
        {
            edges[i + 1] = reference.Edges[i];
        }

        edges[^1] = Math.Max(last, current.Moments?.Max ?? last);
        return edges;
    }

    private static DatasetDriftSummary Summarize(FeatureDrift[] features, DriftOptions options)
    {
        if (features.Length == 0)
        {
            return new DatasetDriftSummary(0, 0, 0, options.DatasetDriftShare, false, options.Correction, []);
        }

        var evaluated = Drift.DatasetDrift.Evaluate([.. features.Select(f => f.Result)], options.DatasetDriftShare, options.Correction);
        var drifted = features.Where((f, i) => evaluated.FeatureDrifted[i] || f.MissingShift?.Drifted == true).Select(f => f.Name).ToArray();
        var share = (double)drifted.Length / features.Length;
        return new DatasetDriftSummary(features.Length, drifted.Length, share, options.DatasetDriftShare, drifted.Length > 0 && share >= options.DatasetDriftShare, options.Correction, drifted);
    }
}
