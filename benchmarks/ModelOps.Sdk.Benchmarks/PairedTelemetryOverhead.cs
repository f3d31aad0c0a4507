using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry.Metrics;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The telemetry cost of the ML.NET scorer measured in pairs inside one process, as a check on
/// <see cref="MLNetScorerBenchmarks"/>'s telemetry row: blocks of calls with an OpenTelemetry <see cref="MeterProvider"/>
/// listening and blocks without alternate, so both halves of a pair share the launch's state and the machine's speed of the
/// moment. BenchmarkDotNet's rows come from separate processes minutes apart; on a noisy machine their difference is noise.
/// </summary>
/// <remarks>
/// <para>
/// Run: <c>dotnet run -c Release --project benchmarks/ModelOps.Sdk.Benchmarks -- paired-telemetry [startup|attached]</c>.
/// </para>
/// <para>
/// <c>startup</c> (the default) warms up with a provider listening, as a host that configures OpenTelemetry at start does, so
/// the JIT's dynamic profile sees the telemetry path taken. <c>attached</c> warms up with nothing listening, so the scorer is
/// optimized with the telemetry path cold, as when a listener attaches to a running process (dotnet-counters, say).
/// </para>
/// </remarks>
internal static class PairedTelemetryOverhead
{
    private const int Rounds = 25;
    private const int BlockCalls = 200_000;

    public static void Run(IReadOnlyList<string> args)
    {
        var attached = args.Contains("attached");
        var benchmarks = new MLNetScorerBenchmarks();
        benchmarks.Setup();
        try
        {
            var sink = 0f;
            using (attached ? null : BenchmarkTelemetry.ListenToEveryInstrument())
            {
                var warmUp = Stopwatch.StartNew();
                while (warmUp.Elapsed < TimeSpan.FromSeconds(3))
                {
                    sink += Raw(benchmarks, 100_000) + Scorer(benchmarks, 100_000);
                }
            }

            var raw = new double[Rounds];
            var off = new double[Rounds];
            var on = new double[Rounds];
            for (var round = 0; round < Rounds; round++)
            {
                raw[round] = PerCall(() => sink += Raw(benchmarks, BlockCalls));
                off[round] = PerCall(() => sink += Scorer(benchmarks, BlockCalls));
                using (BenchmarkTelemetry.ListenToEveryInstrument())
                {
                    sink += Scorer(benchmarks, 5_000);
                    on[round] = PerCall(() => sink += Scorer(benchmarks, BlockCalls));
                }
            }

            var added = on.Zip(off, (a, b) => a - b).Order().ToArray();
            Console.WriteLine($"warm-up: {(attached ? "nothing listening (attached)" : "provider listening (startup)")}; {Rounds} rounds of {BlockCalls:N0} calls per block");
            Console.WriteLine($"raw engine     mean {raw.Average(),7:F1} ns   median {Median(raw.Order().ToArray()),7:F1} ns");
            Console.WriteLine($"telemetry off  mean {off.Average(),7:F1} ns   median {Median(off.Order().ToArray()),7:F1} ns");
            Console.WriteLine($"telemetry on   mean {on.Average(),7:F1} ns   median {Median(on.Order().ToArray()),7:F1} ns");
            Console.WriteLine($"added per call mean {added.Average(),7:F1} ns   median {Median(added),7:F1} ns   (pairs {added[0]:F1} to {added[^1]:F1} ns)");
            Console.WriteLine($"(sink {sink})");
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static double PerCall(Action block)
    {
        var watch = Stopwatch.StartNew();
        block();
        return watch.Elapsed.TotalNanoseconds / BlockCalls;
    }

    private static double Median(double[] sorted) => (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Raw(MLNetScorerBenchmarks benchmarks, int calls)
    {
        var sum = 0f;
        for (var i = 0; i < calls; i++)
        {
            sum += benchmarks.RawEngine().Probability;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Scorer(MLNetScorerBenchmarks benchmarks, int calls)
    {
        var sum = 0f;
        for (var i = 0; i < calls; i++)
        {
            sum += benchmarks.ScorerByAlias().Probability;
        }

        return sum;
    }
}
