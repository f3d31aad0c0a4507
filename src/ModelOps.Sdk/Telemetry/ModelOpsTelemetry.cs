namespace ModelOps.Sdk.Telemetry;

/// <summary>
/// The names of the core package's <see cref="System.Diagnostics.Metrics.Meter"/> and
/// <see cref="System.Diagnostics.ActivitySource"/>, for <c>AddMeter</c> and <c>AddSource</c> (or use
/// <c>AddModelOpsInstrumentation()</c> from the ModelOps.Sdk.OpenTelemetry package, which adds every ModelOps meter and source).
/// </summary>
/// <remarks>
/// <para>Instruments on the meter <see cref="MeterName"/> (docs/telemetry.md has the full table):</para>
/// <list type="bullet">
/// <item><c>modelops.scorer.calls</c> (observable counter, <c>{call}</c>): scoring calls, exact; a batch of n inputs counts n.</item>
/// <item><c>modelops.scorer.errors</c> (counter, <c>{call}</c>): scoring calls that threw, tagged <c>error.type</c>.</item>
/// <item><c>modelops.scorer.duration</c> (histogram, <c>s</c>): the time of about one scoring call in 256 (sampled).</item>
/// <item><c>modelops.scorer.swaps</c> (counter, <c>{swap}</c>): versions a scorer loaded and started serving.</item>
/// <item><c>modelops.scorer.load_failures</c> (counter, <c>{failure}</c>): versions a scorer could not load, tagged <c>error.type</c>.</item>
/// <item><c>modelops.scorer.smoke_failures</c> (counter, <c>{failure}</c>): load failures in the smoke score of the registered input example.</item>
/// <item><c>modelops.registry.writes</c> (counter, <c>{write}</c>): registry writes, tagged <c>modelops.registry.operation</c>, with <c>error.type</c> when the write failed.</item>
/// <item><c>modelops.registry.scopes_folded</c> (counter, <c>{scope}</c>): scopes a registry folded into memory on first use, over a store that reads one scope at a time.</item>
/// </list>
/// <para>Scorer instruments carry <c>modelops.model.name</c>, <c>modelops.model.version</c> and, for a scorer that follows an
/// alias, <c>modelops.alias</c>. The activity source <see cref="ActivitySourceName"/> starts <c>modelops.registry.write</c> for
/// each registry write and <c>modelops.scorer.swap</c> for each load and swap.</para>
/// </remarks>
public static class ModelOpsTelemetry
{
    /// <summary>The core meter's name: <c>ModelOps.Sdk</c>.</summary>
    public const string MeterName = "ModelOps.Sdk";

    /// <summary>The core activity source's name: <c>ModelOps.Sdk</c>.</summary>
    public const string ActivitySourceName = "ModelOps.Sdk";
}
