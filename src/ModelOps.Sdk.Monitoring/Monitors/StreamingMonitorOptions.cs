namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>
/// How a <see cref="StreamingMonitor{TInput, TOutput}"/> cuts the stream into windows: tumbling windows by row count or by time,
/// and sliding windows made of <see cref="SubWindows"/> tumbling sub-windows.
/// </summary>
/// <remarks>
/// Set exactly one of <see cref="WindowRows"/> and <see cref="WindowDuration"/>. With <see cref="SubWindows"/> = 1 the windows
/// tumble: each closes, is published and starts empty. With <see cref="SubWindows"/> = k &gt; 1 the window slides: every
/// <c>WindowRows / k</c> rows (or <c>WindowDuration / k</c>) the oldest sub-window drops out and the window of the last k
/// sub-windows is published.
/// </remarks>
public sealed class StreamingMonitorOptions
{
    /// <summary>Gets or sets the window length in rows, or <see langword="null"/> for time windows.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public long? WindowRows { get; set; }

    /// <summary>Gets or sets the window length in time (measured with the monitor's <see cref="TimeProvider"/>), or
    /// <see langword="null"/> for row-count windows.</summary>
    /// <value>The default value is one hour.</value>
    public TimeSpan? WindowDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the number of tumbling sub-windows a window is made of; 1 for tumbling windows.</summary>
    /// <value>The default value is 1.</value>
    public int SubWindows { get; set; } = 1;

    /// <summary>
    /// Gets or sets a value indicating whether time windows are aligned to fixed UTC period boundaries: every sub-window starts and
    /// ends at a multiple of its length (<see cref="WindowDuration"/> / <see cref="SubWindows"/>) counted from midnight UTC of
    /// 0001-01-01 (<see cref="DateTimeOffset.UtcTicks"/> = 0), read from the monitor's <see cref="TimeProvider"/>. The length must
    /// then divide a day (1 minute, 5 minutes, 15 minutes, 1 hour, 6 hours, 1 day...), so periods start at midnight UTC every day.
    /// With it, every instance of a service cuts the same periods (10:00 to 11:00 on all of them), so their saved windows of one
    /// period merge exactly into the fleet's window (<see cref="Fleet.MonitoringWindowMerger"/>). Without it, windows start when the
    /// monitor starts, as before. Row-count windows cannot be aligned.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: windows start when the monitor starts.</value>
    public bool AlignToUtcPeriods { get; set; }

    /// <summary>Gets the length of a sub-window of time windows, or <see langword="null"/> for row-count windows.</summary>
    internal TimeSpan? SubWindowDuration => WindowDuration is { } d && SubWindows >= 1 ? TimeSpan.FromTicks(d.Ticks / SubWindows) : null;

    /// <summary>Gets or sets the number of lock stripes rows are spread over (rounded up to a power of two), or
    /// <see langword="null"/> for one per processor, rounded up to a power of two, at most 64.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? Stripes { get; set; }

    /// <summary>Checks the options, naming every problem.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (WindowRows is null == WindowDuration is null)
        {
            problems.Add($"set exactly one of WindowRows ({WindowRows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}) and WindowDuration ({WindowDuration?.ToString() ?? "null"})");
        }

        if (SubWindows is < 1 or > 1000)
        {
            problems.Add($"SubWindows must be between 1 and 1000 (was {SubWindows})");
        }

        if (WindowRows is { } rows && (rows < 1 || (SubWindows >= 1 && rows % SubWindows != 0)))
        {
            problems.Add($"WindowRows must be positive and a multiple of SubWindows (was {rows} with {SubWindows} sub-windows)");
        }

        if (WindowDuration is { } duration && (duration <= TimeSpan.Zero || (SubWindows >= 1 && duration.Ticks % SubWindows != 0)))
        {
            problems.Add($"WindowDuration must be positive and divisible into SubWindows equal ticks (was {duration} with {SubWindows} sub-windows)");
        }

        if (AlignToUtcPeriods && (WindowDuration is null || (SubWindowDuration is { } sub && (sub <= TimeSpan.Zero || TimeSpan.TicksPerDay % sub.Ticks != 0))))
        {
            problems.Add($"AlignToUtcPeriods needs time windows whose sub-window length (WindowDuration / SubWindows) divides a day (was {(SubWindowDuration is { } length ? length.ToString() : "row-count windows")})");
        }

        if (Stripes is < 1 or > 1024)
        {
            problems.Add($"Stripes must be between 1 and 1024 (was {Stripes})");
        }

        return problems;
    }
}
