using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Monitors;

public class StreamingMonitorTests
{
    private static readonly Lazy<DataProfile> Reference = new(() =>
    {
        var (rows, decisions) = ProfileRows.Generate(2_000, seed: 21);
        return ProfileRows.Schema.FitReference(rows, decisions);
    });

    private static StreamingMonitor<LoanRow, LoanDecision> Monitor(StreamingMonitorOptions options, TimeProvider? time = null) =>
        new(ProfileRows.Schema, Reference.Value, options, time);

    [Fact]
    public void Observe_ThenCurrentProfile_EqualsBatchProfileOfTheSameRows()
    {
        using var monitor = Monitor(new StreamingMonitorOptions { WindowRows = 1_000_000, WindowDuration = null });
        var (rows, decisions) = ProfileRows.Generate(3_000, seed: 22, incomeShift: 5_000, extraRegion: "MARS");
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        ProfileAssert.Equivalent(ProfileRows.Schema.Profile(Reference.Value, rows, decisions), monitor.GetCurrentProfile(), relativeTolerance: 1e-9);
    }

    [Fact]
    public async Task Observe_ManyThreads_EveryRowCountedExactlyOnce()
    {
        using var monitor = Monitor(new StreamingMonitorOptions { WindowRows = 10_000_000, WindowDuration = null, Stripes = 4 });
        var (rows, decisions) = ProfileRows.Generate(4_000, seed: 23);
        using var start = new Barrier(4);
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = t; i < rows.Count; i += 4)
                {
                    monitor.Observe(rows[i], decisions[i]);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);

        ProfileAssert.Equivalent(ProfileRows.Schema.Profile(Reference.Value, rows, decisions), monitor.GetCurrentProfile(), relativeTolerance: 1e-9, compareUnseenOrder: false);
    }

    [Fact]
    public async Task CountWindows_Tumbling_PublishEachWindowOfExactlyNRowsInOrder()
    {
        using var monitor = Monitor(new StreamingMonitorOptions { WindowRows = 100, WindowDuration = null });
        var windows = new List<MonitorWindow>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.WindowClosed += (_, e) =>
        {
            windows.Add(e.Window);
            if (windows.Count == 3)
            {
                third.SetResult();
            }
        };
        var (rows, decisions) = ProfileRows.Generate(350, seed: 24);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        await third.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([1L, 2L, 3L], windows.Select(w => w.Sequence));
        Assert.All(windows, w => Assert.Equal(100, w.Profile.RowCount));
        ProfileAssert.Equivalent(ProfileRows.Schema.Profile(Reference.Value, rows.Skip(100).Take(100), decisions.Skip(100).Take(100)), windows[1].Profile, 1e-9);
        Assert.Equal(50, monitor.GetCurrentProfile().RowCount);
    }

    [Fact]
    public void CountWindows_Sliding_WindowIsTheLastSubWindows()
    {
        using var monitor = Monitor(new StreamingMonitorOptions { WindowRows = 300, WindowDuration = null, SubWindows = 3 });
        var (rows, decisions) = ProfileRows.Generate(500, seed: 25);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        // Sub-windows of 100 rows closed at rows 100..500; the last window holds rows 200..499.
        var last = monitor.LastWindow!;
        Assert.Equal(5, last.Sequence);
        Assert.Equal(3, last.SubWindows);
        ProfileAssert.Equivalent(ProfileRows.Schema.Profile(Reference.Value, rows.Skip(200), decisions.Skip(200)), last.Profile, 1e-9);
    }

    [Fact]
    public void TimeWindows_CloseOnTheInjectedClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        using var monitor = Monitor(new StreamingMonitorOptions { WindowDuration = TimeSpan.FromMinutes(10), SubWindows = 2 }, time);
        var (rows, decisions) = ProfileRows.Generate(30, seed: 26);

        for (var i = 0; i < 10; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(monitor.LastWindow);
        time.Advance(TimeSpan.FromMinutes(1));
        var first = monitor.LastWindow!;
        Assert.Equal(10, first.Profile.RowCount);
        Assert.Equal(time.GetUtcNow(), first.EndedAt);

        for (var i = 10; i < 30; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        var second = monitor.LastWindow!;
        Assert.Equal(30, second.Profile.RowCount);      // two sub-windows of five minutes: 10 + 20 rows
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), second.StartedAt);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(20, monitor.LastWindow!.Profile.RowCount);   // the first sub-window slid out
    }

    [Fact]
    public void AlignedTimeWindows_StartedAtDifferentTimes_EndOnTheSameUtcBoundaries()
    {
        var hour = TimeSpan.FromHours(1);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 17, 23, TimeSpan.Zero));
        using var early = Monitor(new StreamingMonitorOptions { WindowDuration = hour, AlignToUtcPeriods = true }, time);
        time.Advance(TimeSpan.FromMinutes(21));
        using var late = Monitor(new StreamingMonitorOptions { WindowDuration = hour, AlignToUtcPeriods = true }, time);

        time.Advance(TimeSpan.FromMinutes(21) + TimeSpan.FromSeconds(36));   // 10:59:59
        Assert.Null(early.LastWindow);
        Assert.Null(late.LastWindow);
        time.Advance(TimeSpan.FromSeconds(1));                                 // 11:00:00
        var eleven = new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 17, 23, TimeSpan.Zero), early.LastWindow!.StartedAt);
        Assert.Equal(eleven, early.LastWindow.EndedAt);
        Assert.Equal(eleven, late.LastWindow!.EndedAt);

        time.Advance(hour);
        Assert.Equal((eleven, eleven + hour), (early.LastWindow.StartedAt, early.LastWindow.EndedAt));
        Assert.Equal((eleven, eleven + hour), (late.LastWindow.StartedAt, late.LastWindow.EndedAt));
    }

    [Fact]
    public void AlignedTimeWindows_ClosedEarly_ContinueToTheSameBoundary()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        using var monitor = Monitor(new StreamingMonitorOptions { WindowDuration = TimeSpan.FromMinutes(15), AlignToUtcPeriods = true }, time);
        time.Advance(TimeSpan.FromMinutes(5));
        var early = monitor.CloseWindow();
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero), early.EndedAt);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero), monitor.LastWindow!.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 15, 0, TimeSpan.Zero), monitor.LastWindow.EndedAt);
    }

    [Fact]
    public void WindowProfiles_FromTwoInstances_MergeIntoTheProfileOfAllRows()
    {
        using var a = Monitor(new StreamingMonitorOptions { WindowRows = 1_000, WindowDuration = null });
        using var b = Monitor(new StreamingMonitorOptions { WindowRows = 1_000, WindowDuration = null });
        var (rows, decisions) = ProfileRows.Generate(2_000, seed: 27, extraRegion: "MARS");
        for (var i = 0; i < 1_000; i++)
        {
            a.Observe(rows[i], decisions[i]);
            b.Observe(rows[1_000 + i], decisions[1_000 + i]);
        }

        var fleet = DataProfile.Merge(a.LastWindow!.Profile, b.LastWindow!.Profile);
        ProfileAssert.Equivalent(ProfileRows.Schema.Profile(Reference.Value, rows, decisions), fleet, 1e-9, compareUnseenOrder: false);
    }

    [Fact]
    public async Task WindowClosed_HandlerThrows_LaterWindowsStillPublished()
    {
        using var monitor = Monitor(new StreamingMonitorOptions { WindowRows = 10, WindowDuration = null });
        var second = new TaskCompletionSource<MonitorWindow>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.WindowClosed += (_, e) =>
        {
            if (e.Window.Sequence == 1)
            {
                throw new InvalidOperationException("handler bug");
            }

            second.TrySetResult(e.Window);
        };
        var (rows, decisions) = ProfileRows.Generate(20, seed: 28);
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        Assert.Equal(2, (await second.Task.WaitAsync(TimeSpan.FromSeconds(30))).Sequence);
    }

    [Fact]
    public void Observe_AfterWarmUp_AllocatesNothingAndStateDoesNotGrow()
    {
        using var monitor = Monitor(new StreamingMonitorOptions { WindowRows = 1L << 40, WindowDuration = null });
        var (rows, decisions) = ProfileRows.Generate(1_000, seed: 29, extraRegion: "MARS");
        for (var i = 0; i < rows.Count; i++)
        {
            monitor.Observe(rows[i], decisions[i]);
        }

        var stateBefore = monitor.StateBytes;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < 200; n++)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                monitor.Observe(rows[i], decisions[i]);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        Assert.Equal(stateBefore, monitor.StateBytes);
        Assert.Equal(201_000, monitor.GetCurrentProfile().RowCount);
    }

    [Theory]
    [InlineData(null, null, 1, "exactly one of WindowRows")]
    [InlineData(100L, 1.0, 1, "exactly one of WindowRows")]
    [InlineData(100L, null, 3, "multiple of SubWindows")]
    [InlineData(null, 1.0, 0, "SubWindows must be between 1 and 1000")]
    [InlineData(null, 7.0, 1, "AlignToUtcPeriods needs time windows whose sub-window length (WindowDuration / SubWindows) divides a day (was 00:07:00)", true)]
    [InlineData(100L, null, 1, "AlignToUtcPeriods needs time windows", true)]
    public void Constructor_InvalidOptions_RefusedListingProblems(long? rows, double? minutes, int subWindows, string expected, bool aligned = false)
    {
        var options = new StreamingMonitorOptions { WindowRows = rows, WindowDuration = minutes is null ? null : TimeSpan.FromMinutes(minutes.Value), SubWindows = subWindows, AlignToUtcPeriods = aligned };
        var ex = Assert.Throws<ArgumentException>(() => Monitor(options));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
