namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>
/// Builds a <see cref="FairnessMonitor{TInput, TOutput}"/>: which decision is favourable, the protected attributes read from each
/// input row, and the intersections of two attributes to report as well.
/// </summary>
/// <typeparam name="TInput">The model's input row type.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>Not thread-safe; single use: <see cref="Build"/> may be called once and reports every problem at once.</remarks>
public sealed class FairnessMonitorBuilder<TInput, TOutput>
{
    private readonly Func<TOutput, bool> _selected;
    private readonly List<(string Name, Func<TInput, string?> Read, FairnessOptions? Options)> _attributes = [];
    private readonly List<(string First, string Second, FairnessOptions? Options)> _intersections = [];
    private bool _built;

    /// <summary>Initializes a new instance of the <see cref="FairnessMonitorBuilder{TInput, TOutput}"/> class.</summary>
    /// <param name="selected">Whether an output is the favourable decision (approved, hired, shown the offer).</param>
    public FairnessMonitorBuilder(Func<TOutput, bool> selected)
    {
        _selected = selected ?? throw new ArgumentNullException(nameof(selected));
    }

    /// <summary>Adds a protected attribute read from each input row; its groups are the values read (a <see langword="null"/>
    /// value is the group <c>(missing)</c>).</summary>
    /// <param name="name">The attribute's name in reports, for example <c>Region</c>.</param>
    /// <param name="read">Reads the row's value; called on every observed row, so return existing strings rather than new ones.</param>
    /// <param name="options">The privileged group, minimum group size and four-fifths threshold for this attribute, or
    /// <see langword="null"/> for the defaults.</param>
    /// <returns>This builder.</returns>
    public FairnessMonitorBuilder<TInput, TOutput> AddAttribute(string name, Func<TInput, string?> read, FairnessOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(read);
        _attributes.Add((name, read, options));
        return this;
    }

    /// <summary>Adds the intersection of two attributes already added: its groups are the pairs of their values, reported as
    /// <c>first &amp; second</c>.</summary>
    /// <param name="first">The first attribute's name.</param>
    /// <param name="second">The second attribute's name.</param>
    /// <param name="options">The options for the intersection (its privileged group has both values), or <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public FairnessMonitorBuilder<TInput, TOutput> AddIntersection(string first, string second, FairnessOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(first);
        ArgumentException.ThrowIfNullOrWhiteSpace(second);
        _intersections.Add((first, second, options));
        return this;
    }

    /// <summary>Builds the monitor.</summary>
    /// <returns>The monitor.</returns>
    /// <exception cref="ArgumentException">No attribute was added, a name is used twice, an intersection names an attribute not
    /// added or the same attribute twice, or an option is out of range (the message lists every problem).</exception>
    /// <exception cref="InvalidOperationException">The builder was already built.</exception>
    public FairnessMonitor<TInput, TOutput> Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("This FairnessMonitorBuilder was already built; create a new one.");
        }

        var problems = new List<string>();
        if (_attributes.Count == 0)
        {
            problems.Add("no protected attribute was added");
        }

        var names = _attributes.Select(a => a.Name).ToList();
        foreach (var duplicate in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"the attribute '{duplicate.Key}' is added {duplicate.Count()} times");
        }

        foreach (var (first, second, _) in _intersections)
        {
            foreach (var name in new[] { first, second }.Where(n => !names.Contains(n, StringComparer.Ordinal)))
            {
                problems.Add($"the intersection '{first} & {second}' names '{name}', which is not an added attribute");
            }

            if (string.Equals(first, second, StringComparison.Ordinal))
            {
                problems.Add($"the intersection '{first} & {second}' names the same attribute twice");
            }
        }

        foreach (var (name, options) in _attributes.Select(a => (a.Name, a.Options)).Concat(_intersections.Select(i => ($"{i.First} & {i.Second}", i.Options))))
        {
            if (options is { MinimumGroupSize: < 1 })
            {
                problems.Add($"'{name}': MinimumGroupSize must be at least 1 (was {options.MinimumGroupSize})");
            }

            if (options is not null && !(options.DisparateImpactThreshold > 0 && options.DisparateImpactThreshold <= 1))
            {
                problems.Add($"'{name}': DisparateImpactThreshold must be in (0, 1] (was {options.DisparateImpactThreshold})");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("The fairness monitor is invalid: " + string.Join("; ", problems) + ".");
        }

        _built = true;
        var readers = _attributes.Select(a => a.Read).ToArray();
        var groupings = _attributes.Select((a, i) => new FairnessMonitor<TInput, TOutput>.Grouping(a.Name, i, -1, a.Options))
            .Concat(_intersections.Select(x => new FairnessMonitor<TInput, TOutput>.Grouping($"{x.First} & {x.Second}", names.IndexOf(x.First), names.IndexOf(x.Second), x.Options)))
            .ToArray();
        return new FairnessMonitor<TInput, TOutput>(_selected, readers, groupings);
    }
}
