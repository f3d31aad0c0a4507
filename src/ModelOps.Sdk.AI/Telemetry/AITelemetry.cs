using System.Diagnostics.Metrics;

namespace ModelOps.Sdk.AI.Telemetry;

/// <summary>
/// The prompt flavor's instruments, on the meter named <see cref="MeterName"/> (<c>AddMeter("ModelOps.Sdk.AI")</c>, or
/// <c>AddModelOpsInstrumentation()</c> of ModelOps.Sdk.OpenTelemetry).
/// </summary>
/// <remarks>
/// <para>The two histograms follow the OpenTelemetry semantic conventions for generative AI clients, with their names, units, tags
/// and advised bucket boundaries:</para>
/// <list type="bullet">
/// <item><c>gen_ai.client.operation.duration</c> (histogram, <c>s</c>): each call to the chat client, failed ones included (with
/// <c>error.type</c>).</item>
/// <item><c>gen_ai.client.token.usage</c> (histogram, <c>{token}</c>): the response's usage, one measurement per
/// <c>gen_ai.token.type</c> (<c>input</c>, <c>output</c>) the provider reported.</item>
/// <item><c>modelops.ai.refusals</c> (counter, <c>{response}</c>): responses recognised as refusals.</item>
/// <item><c>modelops.ai.invalid_outputs</c> (counter, <c>{response}</c>): responses that were not valid outputs.</item>
/// </list>
/// <para>Every measurement carries <c>gen_ai.operation.name</c> (<c>chat</c>), <c>gen_ai.provider.name</c> and
/// <c>gen_ai.request.model</c> when known, <c>gen_ai.response.model</c> when the provider reported it, and
/// <c>modelops.model.name</c> and <c>modelops.model.version</c>.</para>
/// </remarks>
public sealed class AITelemetry : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "ModelOps.Sdk.AI";

    // The bucket boundaries the semantic conventions advise for these two histograms.
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    /// <summary>Initializes a new instance of the <see cref="AITelemetry"/> class.</summary>
    /// <param name="meterFactory">The meter factory from dependency injection, or <see langword="null"/> to create the meter directly.</param>
    public AITelemetry(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Duration = _meter.CreateHistogram("gen_ai.client.operation.duration", "s", "GenAI operation duration.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        TokenUsage = _meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        Refusals = _meter.CreateCounter<long>("modelops.ai.refusals", "{response}", "Prompt responses recognised as refusals.");
        InvalidOutputs = _meter.CreateCounter<long>("modelops.ai.invalid_outputs", "{response}", "Prompt responses that were not valid outputs.");
    }

    internal Histogram<double> Duration { get; }

    internal Histogram<long> TokenUsage { get; }

    internal Counter<long> Refusals { get; }

    internal Counter<long> InvalidOutputs { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
