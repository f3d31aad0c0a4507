using Microsoft.Extensions.Time.Testing;

namespace ModelOps.Sdk.Reporting.Tests.Infrastructure;

/// <summary>
/// Drives the fake clock of several service instances on one filesystem registry while a test waits for them: the instances poll,
/// retry the store's journal lock and catch up with each other's writes on that clock, so a wait that stopped it could wait forever.
/// </summary>
/// <remarks>
/// The clock advances one second per <see cref="RealTimePerFakeSecond"/> of real time, at most 100 fake seconds per real second: fast
/// enough that polls and lock retries come round at once, slow enough that a wait for the journal lock (timed on the same clock, up
/// to <see cref="LockTimeout"/>, which the instances must use) cannot time out on the fake clock while another instance, slowed by a
/// loaded machine, really holds the lock. Unpaced, the clock ran hours ahead in a second, lock waits timed out and windows went
/// unsaved.
/// </remarks>
public sealed class PacedClock(FakeTimeProvider time)
{
    /// <summary>The lock timeout the instances' filesystem stores must use: its hour maximum, 36 s of real time at this pace.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromHours(1);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RealTimePerFakeSecond = TimeSpan.FromMilliseconds(10);

    /// <summary>Advances the clock a second at a time until <paramref name="condition"/> holds, failing after a minute of real time.</summary>
    /// <param name="condition">What the test waits for.</param>
    /// <param name="what">What is awaited, for the failure message, read when the wait fails.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public async Task UntilAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await PumpAsync(condition(), deadline))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {Patience} of real time for {what()}.");
            await TickAsync();
        }
    }

    /// <summary>Waits for <paramref name="task"/>, advancing the clock while it is pending, failing after a minute of real time.</summary>
    /// <param name="task">The operation the instances complete on the clock.</param>
    /// <returns>A task that completes with <paramref name="task"/>.</returns>
    public Task PumpAsync(Task task) => PumpAsync(task, DateTime.UtcNow + Patience);

    private async Task PumpAsync(Task task, DateTime deadline)
    {
        while (!task.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {Patience} of real time for an operation of the instances.");
            await TickAsync();
        }

        await task;
    }

    private async Task<T> PumpAsync<T>(Task<T> task, DateTime deadline)
    {
        await PumpAsync((Task)task, deadline);
        return await task;
    }

    private async Task TickAsync()
    {
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(RealTimePerFakeSecond);
    }
}
