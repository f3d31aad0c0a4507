using ModelOps.Sdk.Monitoring.Fleet;

namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>
/// Counts a model's decisions (and, when they come, labels) per group of each protected attribute and each intersection of two,
/// from the typed input rows and outputs, in windows: the fairness section of a monitoring report without the host counting.
/// Build one with <see cref="FairnessMonitorBuilder{TInput, TOutput}"/>; attach it with
/// <see cref="Monitors.ModelMonitor{TInput, TOutput}.TrackFairness"/>, or call <see cref="Observe"/> and <see cref="CloseWindow"/>
/// yourself.
/// </summary>
/// <typeparam name="TInput">The model's input row type.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>
/// <para><b>Decisions and labels are separate streams.</b> <see cref="Observe"/> counts a decision (for the selection rates);
/// <see cref="ObserveLabel"/> counts the label of a decision, when it arrives, with the input and output it was made for (for the
/// true and false positive rates). A label may land in a later window than its decision: each rate uses its own denominator.</para>
/// <para>Memory grows with the number of groups, never with rows; the per-window <see cref="GroupOutcome"/> counts in each
/// <see cref="FairnessReport"/> merge across instances (<see cref="GroupOutcomeCounts.Merge"/>). Thread-safe (one lock).</para>
/// </remarks>
public sealed class FairnessMonitor<TInput, TOutput>
{
    /// <summary>The group name of a row whose attribute value is <see langword="null"/>.</summary>
    public const string MissingGroup = "(missing)";

    private readonly Func<TOutput, bool> _selected;
    private readonly Func<TInput, string?>[] _readers;
    private readonly Grouping[] _groupings;
    private readonly Lock _gate = new();
    private GroupOutcomeCounts[] _counts;

    internal FairnessMonitor(Func<TOutput, bool> selected, Func<TInput, string?>[] readers, Grouping[] groupings)
    {
        _selected = selected;
        _readers = readers;
        _groupings = groupings;
        _counts = NewCounts();
    }

    /// <summary>Gets the names of the attributes and intersections reported, in order (an intersection as <c>first &amp; second</c>).</summary>
    public IReadOnlyList<string> Attributes => [.. _groupings.Select(g => g.Name)];

    /// <summary>Counts one decision in every attribute's and intersection's group of the row.</summary>
    /// <param name="input">The input row.</param>
    /// <param name="output">The model's output for it.</param>
    public void Observe(TInput input, TOutput output)
    {
        var selected = _selected(output);
        lock (_gate)
        {
            for (var g = 0; g < _groupings.Length; g++)
            {
                _counts[g].Add(_groupings[g].GroupOf(_readers, input), selected);
            }
        }
    }

    /// <summary>Counts the label of a decision (observed now or earlier) in every attribute's and intersection's group of the row.</summary>
    /// <param name="input">The input row the decision was made for.</param>
    /// <param name="output">The model's output for it.</param>
    /// <param name="actualPositive">Whether the true outcome is the favourable one (for example the loan was repaid).</param>
    public void ObserveLabel(TInput input, TOutput output, bool actualPositive)
    {
        var selected = _selected(output);
        lock (_gate)
        {
            for (var g = 0; g < _groupings.Length; g++)
            {
                _counts[g].AddLabel(_groupings[g].GroupOf(_readers, input), selected, actualPositive);
            }
        }
    }

    /// <summary>Computes the fairness report of each attribute and intersection from the counts since the last call, and starts
    /// new counts.</summary>
    /// <returns>One report per attribute and intersection, in <see cref="Attributes"/> order, each naming its
    /// <see cref="FairnessReport.Attribute"/>.</returns>
    public IReadOnlyList<FairnessReport> CloseWindow() => [.. CloseWindowCounts().Select(static c => c.ToReport())];

    /// <summary>Returns the counts of each attribute and intersection since the last call, with their options, and starts new
    /// counts: the mergeable form of <see cref="CloseWindow"/>, which a saved monitoring window keeps so that the windows of several
    /// instances merge exactly (<see cref="FairnessWindowCounts.ToReport"/> gives the same reports).</summary>
    /// <returns>One set of counts per attribute and intersection, in <see cref="Attributes"/> order.</returns>
    public IReadOnlyList<FairnessWindowCounts> CloseWindowCounts()
    {
        GroupOutcomeCounts[] closed;
        lock (_gate)
        {
            closed = _counts;
            _counts = NewCounts();
        }

        var defaults = new FairnessOptions();
        var counts = new FairnessWindowCounts[_groupings.Length];
        for (var g = 0; g < _groupings.Length; g++)
        {
            var options = _groupings[g].Options ?? defaults;
            counts[g] = new FairnessWindowCounts
            {
                Attribute = _groupings[g].Name,
                Groups = closed[g].Groups,
                PrivilegedGroup = options.PrivilegedGroup,
                MinimumGroupSize = options.MinimumGroupSize,
                DisparateImpactThreshold = options.DisparateImpactThreshold,
            };
        }

        return counts;
    }

    private GroupOutcomeCounts[] NewCounts() => [.. _groupings.Select(_ => new GroupOutcomeCounts())];

    /// <summary>One attribute (Second = -1) or intersection of two, by reader index.</summary>
    internal sealed record Grouping(string Name, int First, int Second, FairnessOptions? Options)
    {
        // Reads the attributes under the monitor's lock: the readers are the host's property reads, and reading here keeps a row
        // free of any allocation.
        public FairnessGroup GroupOf(Func<TInput, string?>[] readers, TInput input) =>
            Second < 0 ? new FairnessGroup(readers[First](input) ?? MissingGroup) : new FairnessGroup(readers[First](input) ?? MissingGroup, readers[Second](input) ?? MissingGroup);
    }
}
