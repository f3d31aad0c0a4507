using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

/// <summary>
/// Untimed successful calls are counted per thread without an interlocked instruction; these tests hold that to the same
/// contract as the interlocked counters: every call counted exactly, from any number of threads, including threads that have
/// ended, across recorders that share threads, and never a snapshot that goes backwards or shows more errors than calls.
/// </summary>
public sealed class UntimedCallCountingTests
{
    [Fact]
    public void RecordCall_Untimed_FromEightDedicatedThreadsThatEnd_CountsEveryCall()
    {
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward);
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                recorder.RecordCall(failed: i % 100 == 0);
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        // Every thread has ended: their cells still count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var stats = recorder.Snapshot();
        Assert.Equal(200_000, stats.Calls);
        Assert.Equal(2_000, stats.Errors);
        Assert.Equal(0, stats.Latency.Count);
    }

    [Fact]
    public async Task RecordCall_TwoRecordersInterleavedOnTheSameThreads_EachCountsOnlyItsOwnCalls()
    {
        var champion = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward);
        var challenger = new ArmStatisticsRecorder("challenger", 2, QualityMetricKind.Reward);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                // Every seventh call switches recorder, as a 90/10 router does on the same thread.
                if (i % 7 == 0)
                {
                    challenger.RecordCall(failed: false);
                    challenger.RecordCall(TimeSpan.FromMilliseconds(1), failed: false);
                }
                else
                {
                    champion.RecordCall(failed: false);
                }
            }
        })));

        var perThreadChallenger = Enumerable.Range(0, 20_000).Count(i => i % 7 == 0);
        Assert.Equal(4L * (20_000 - perThreadChallenger), champion.Snapshot().Calls);
        Assert.Equal(4L * 2 * perThreadChallenger, challenger.Snapshot().Calls);
        Assert.Equal(4L * perThreadChallenger, challenger.Snapshot().Latency.Count);
    }

    [Fact]
    public void Snapshot_WhileThreadsRecord_NeverDecreases_AndNeverShowsMoreErrorsThanCalls()
    {
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward);
        var stop = 0;
        // Dedicated threads, so the writers run even when the thread pool is busy with other tests.
        var writers = Enumerable.Range(0, 3).Select(t => new Thread(() =>
        {
            var i = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                recorder.RecordCall(failed: i++ % 3 == 0);
            }
        })).ToArray();
        foreach (var writer in writers)
        {
            writer.Start();
        }

        var previous = 0L;
        for (var look = 0; look < 2_000 || previous < 100_000; look++)
        {
            var stats = recorder.Snapshot();
            Assert.True(stats.Calls >= previous, $"look {look}: {stats.Calls} calls after {previous}");
            Assert.True(stats.Errors <= stats.Calls, $"look {look}: {stats.Errors} errors in {stats.Calls} calls");
            previous = stats.Calls;
        }

        Volatile.Write(ref stop, 1);
        foreach (var writer in writers)
        {
            writer.Join();
        }

        var final = recorder.Snapshot();
        Assert.True(final.Calls >= previous);
    }
}
