using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.Fleet;

/// <summary>
/// Merges the saved windows of one model version and one aligned period, from any number of instances, into the fleet's window:
/// the profiles are added in the reference's bins (<see cref="DataProfile.Merge"/>: counts exactly, moments by Chan et al.'s
/// parallel formula), the fairness counts are added per group, and the report is computed from the merged profile against the
/// reference with <see cref="DriftAnalyzer.Analyze"/>, the code each instance's monitor uses. Every figure of the report is a function
/// of the counts (the bins, the minimum and maximum), so it equals what one instance that saw every row would report.
/// </summary>
/// <remarks>
/// <para>Add windows one at a time with <see cref="Add"/>, so that only the merged profile is held, or call
/// <see cref="Merge(DataProfile, IEnumerable{SavedMonitoringWindow})"/>. The drift and quality settings, the signature issues and
/// the reference profile's name are taken from the window that ended last. Concept-drift detector states and label joins are an
/// instance's own sequential state and are not merged: the fleet's report has no concept-drift section.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class MonitoringWindowMerger
{
    private readonly SortedSet<string> _instances = new(StringComparer.Ordinal);
    private readonly List<FairnessWindowCounts> _fairness = [];
    private SavedMonitoringWindow? _latest;
    private DataProfile? _profile;
    private DateTimeOffset _startedAt;
    private int _windows;

    /// <summary>Gets how many windows were added.</summary>
    public int WindowCount => _windows;

    /// <summary>Merges saved windows of one version and period into the fleet's window.</summary>
    /// <param name="reference">The version's reference profile (the windows were counted in its bins).</param>
    /// <param name="windows">The windows: at least one, all of the same model, version and period.</param>
    /// <returns>The fleet's window.</returns>
    /// <exception cref="InvalidMonitoringInputException">There is no window, or the windows are of different models, versions or
    /// periods, or an unaligned window is merged with another.</exception>
    /// <exception cref="ProfileMismatchException">A window was counted in other bins than another or than the reference.</exception>
    public static MergedMonitoringWindow Merge(DataProfile reference, IEnumerable<SavedMonitoringWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var merger = new MonitoringWindowMerger();
        foreach (var window in windows)
        {
            merger.Add(window);
        }

        return merger.ToMergedWindow(reference);
    }

    /// <summary>Adds one saved window.</summary>
    /// <param name="window">The window, of the same model, version and period as those added before.</param>
    /// <exception cref="InvalidMonitoringInputException">The window is of another model, version or period than those added before,
    /// or one of the two is not aligned to a period.</exception>
    /// <exception cref="ProfileMismatchException">The window was counted in other bins than those added before.</exception>
    public void Add(SavedMonitoringWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (_latest is { } first)
        {
            if (!string.Equals(first.ModelName, window.ModelName, StringComparison.Ordinal) || first.ModelVersion != window.ModelVersion)
            {
                throw new InvalidMonitoringInputException(nameof(window), $"the window of '{window.ModelName}' version {window.ModelVersion} cannot be merged with windows of '{first.ModelName}' version {first.ModelVersion}");
            }

            if (first.Period is null || window.Period is null || first.Period != window.Period)
            {
                throw new InvalidMonitoringInputException(nameof(window), $"the window of instance '{window.InstanceId}' ({Describe(window.Period)}) is not of the period of the windows merged so far ({Describe(first.Period)}); only windows aligned to the same period merge");
            }
        }

        // DataProfile.Merge checks the bins and throws ProfileMismatchException naming the feature, before anything changes here.
        var profile = _profile is null ? window.Profile : DataProfile.Merge(_profile, window.Profile);
        _profile = profile;
        foreach (var counts in window.Fairness)
        {
            var index = _fairness.FindIndex(c => string.Equals(c.Attribute, counts.Attribute, StringComparison.Ordinal));
            if (index < 0)
            {
                _fairness.Add(counts);
            }
            else
            {
                _fairness[index] = _fairness[index].Add(counts);
            }
        }

        _startedAt = _windows == 0 || window.StartedAt < _startedAt ? window.StartedAt : _startedAt;
        _latest = _latest is null || window.EndedAt >= _latest.EndedAt ? window : _latest;
        _instances.Add(window.InstanceId);
        _windows++;
    }

    /// <summary>Computes the fleet's window of the windows added so far.</summary>
    /// <param name="reference">The version's reference profile.</param>
    /// <returns>The fleet's window.</returns>
    /// <exception cref="InvalidMonitoringInputException">No window was added.</exception>
    /// <exception cref="ProfileMismatchException">The windows were not counted in the reference's bins.</exception>
    public MergedMonitoringWindow ToMergedWindow(DataProfile reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (_latest is not { } latest || _profile is not { } profile)
        {
            throw new InvalidMonitoringInputException("windows", "there is no window to merge");
        }

        DataProfile.EnsureSameBins(reference, profile);
        var context = new MonitoringReportContext
        {
            ModelName = latest.ModelName,
            ModelVersion = latest.ModelVersion,
            WindowStartedAt = _startedAt,
            WindowEndedAt = latest.EndedAt,
            SignatureIssues = latest.Report.DataQuality.SignatureIssues,
            Quality = latest.Quality,
            FairnessByAttribute = _fairness.Count == 0 ? null : [.. _fairness.Select(static c => c.ToReport())],
        };
        var report = DriftAnalyzer.Analyze(reference, profile, latest.Drift, context);
        return new MergedMonitoringWindow(
            latest.ModelName, latest.ModelVersion, latest.Period, _startedAt, latest.EndedAt, [.. _instances], _windows, profile, report);
    }

    private static string Describe(MonitoringPeriod? period) =>
        period is { } p ? $"period {p.Start:o} to {p.End:o}" : "not aligned";
}
