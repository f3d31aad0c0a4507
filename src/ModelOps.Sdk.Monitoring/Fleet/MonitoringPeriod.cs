namespace ModelOps.Sdk.Monitoring.Fleet;

/// <summary>
/// A fixed period that aligned windows are cut into (<see cref="Monitors.StreamingMonitorOptions.AlignToUtcPeriods"/>): the same
/// start and end on every instance, so the windows of one period from several instances merge into the fleet's window.
/// </summary>
/// <param name="Start">The period's start, inclusive, a multiple of its length from midnight UTC of 0001-01-01.</param>
/// <param name="End">The period's end, exclusive.</param>
public readonly record struct MonitoringPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Gets the aligned period of length <paramref name="length"/> that holds <paramref name="time"/>.</summary>
    /// <param name="time">A time within the period.</param>
    /// <param name="length">The period's length; it must divide a day.</param>
    /// <returns>The period, in UTC.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not positive or does not divide a day.</exception>
    public static MonitoringPeriod Containing(DateTimeOffset time, TimeSpan length)
    {
        if (length <= TimeSpan.Zero || TimeSpan.TicksPerDay % length.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "An aligned period's length must be positive and divide a day.");
        }

        var start = new DateTimeOffset(time.UtcTicks - (time.UtcTicks % length.Ticks), TimeSpan.Zero);
        return new MonitoringPeriod(start, start + length);
    }
}
