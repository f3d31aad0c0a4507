using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelOps.Sdk.Telemetry;

/// <summary>
/// The core meter and activity source, process-wide (static) so that a registry or scorer built without dependency injection
/// reports too; OpenTelemetry subscribes to them by name (<see cref="ModelOpsTelemetry.MeterName"/>).
/// </summary>
internal static class CoreInstruments
{
    public const string ModelTag = "modelops.model.name";
    public const string VersionTag = "modelops.model.version";
    public const string AliasTag = "modelops.alias";
    public const string ErrorTypeTag = "error.type";
    public const string OperationTag = "modelops.registry.operation";
    public const string ScopeTag = "modelops.registry.scope";
    public const string OutcomeTag = "modelops.checkpoint.outcome";

    // Every series ever counted, so the observable counter reports each one (cumulative counts never go away).
    private static readonly ConcurrentDictionary<(string Model, string? Alias, int Version), ScorerCallSeries> Series = new();

    public static readonly Meter Meter = new(ModelOpsTelemetry.MeterName);

    public static readonly ActivitySource ActivitySource = new(ModelOpsTelemetry.ActivitySourceName);

    public static readonly ObservableCounter<long> Calls = Meter.CreateObservableCounter(
        "modelops.scorer.calls", ObserveCalls, "{call}", "Scoring calls, exact; a batch of n inputs counts n.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "modelops.scorer.errors", "{call}", "Scoring calls that threw, by error.type.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "modelops.scorer.duration", "s", "Time of a scoring call, sampled: about one call in 256.");

    public static readonly Counter<long> Swaps = Meter.CreateCounter<long>(
        "modelops.scorer.swaps", "{swap}", "Versions a scorer loaded and started serving.");

    public static readonly Counter<long> LoadFailures = Meter.CreateCounter<long>(
        "modelops.scorer.load_failures", "{failure}", "Versions a scorer could not load, by error.type.");

    public static readonly Counter<long> SmokeFailures = Meter.CreateCounter<long>(
        "modelops.scorer.smoke_failures", "{failure}", "Loads that failed scoring the registered input example, by error.type.");

    public static readonly Counter<long> RegistryWrites = Meter.CreateCounter<long>(
        "modelops.registry.writes", "{write}", "Registry writes by operation; failed ones carry error.type.");

    public static readonly Counter<long> ScopesFolded = Meter.CreateCounter<long>(
        "modelops.registry.scopes_folded", "{scope}", "Scopes (models) the registry folded into memory on first use, when the store reads one scope at a time.");

    public static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>(
        "modelops.registry.checkpoints", "{checkpoint}", "Scope checkpoints by outcome: loaded, rejected (failed verification, ignored), refuted (an unsigned one the background fold disagreed with), written, write_failed.");

    /// <summary>The series of one served version (shared by every scorer serving it under the same alias).</summary>
    public static ScorerCallSeries SeriesFor(string model, string? alias, int version) =>
        Series.GetOrAdd((model, alias, version), static key => new ScorerCallSeries(key.Model, key.Alias, key.Version));

    /// <summary>The scorer's tags plus <c>error.type</c>, for the failure paths (which may allocate).</summary>
    public static TagList ScorerTags(string model, string? alias, int? version, Exception? error = null)
    {
        var tags = new TagList { { ModelTag, model } };
        if (version is { } v)
        {
            tags.Add(VersionTag, v);
        }

        if (alias is not null)
        {
            tags.Add(AliasTag, alias);
        }

        if (error is not null)
        {
            tags.Add(ErrorTypeTag, error.GetType().FullName);
        }

        return tags;
    }

    private static IEnumerable<Measurement<long>> ObserveCalls()
    {
        foreach (var series in Series.Values)
        {
            yield return new Measurement<long>(series.Total(), series.Tags);
        }
    }
}
