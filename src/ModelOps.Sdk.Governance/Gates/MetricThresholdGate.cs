using System.Globalization;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Requires a metric recorded with the version (<see cref="ModelVersion.Metrics"/>) to lie within bounds, for example AUC at
/// least 0.80. A version without the metric fails.
/// </summary>
public sealed class MetricThresholdGate : IPromotionGate
{
    /// <summary>Initializes a new instance of the <see cref="MetricThresholdGate"/> class.</summary>
    /// <param name="metric">The metric's name in <see cref="ModelVersion.Metrics"/>.</param>
    /// <param name="minimum">The smallest allowed value (inclusive), or <see langword="null"/>.</param>
    /// <param name="maximum">The largest allowed value (inclusive), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">No bound is given, a bound is not finite, or the minimum exceeds the maximum.</exception>
    public MetricThresholdGate(string metric, double? minimum = null, double? maximum = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        if (minimum is null && maximum is null)
        {
            throw new ArgumentException($"The gate on metric '{metric}' needs a minimum, a maximum or both.", nameof(minimum));
        }

        if (minimum is { } min && !double.IsFinite(min) || maximum is { } max && !double.IsFinite(max))
        {
            throw new ArgumentException($"The bounds of the gate on metric '{metric}' must be finite numbers.", nameof(minimum));
        }

        if (minimum > maximum)
        {
            throw new ArgumentException($"The gate on metric '{metric}' has minimum {minimum} above maximum {maximum}.", nameof(minimum));
        }

        Metric = metric;
        Minimum = minimum;
        Maximum = maximum;
        Name = $"metric:{metric}";
        Threshold = (minimum, maximum) switch
        {
            ({ } lo, { } hi) => string.Create(CultureInfo.InvariantCulture, $"{lo} <= {metric} <= {hi}"),
            ({ } lo, null) => string.Create(CultureInfo.InvariantCulture, $"{metric} >= {lo}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{metric} <= {maximum}"),
        };
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Gets the metric's name.</summary>
    public string Metric { get; }

    /// <summary>Gets the smallest allowed value, if any.</summary>
    public double? Minimum { get; }

    /// <summary>Gets the largest allowed value, if any.</summary>
    public double? Maximum { get; }

    private string Threshold { get; }

    /// <inheritdoc/>
    public ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Candidate.Metrics.TryGetValue(Metric, out var value))
        {
            return ValueTask.FromResult(GateResult.Fail(Name, $"version {context.Candidate.Version} has no metric '{Metric}'", threshold: Threshold));
        }

        var figures = new Dictionary<string, double> { [Metric] = value };
        var reason = value switch
        {
            _ when double.IsNaN(value) => $"{Metric} is NaN",
            _ when Minimum is { } min && value < min => string.Create(CultureInfo.InvariantCulture, $"{Metric} {value:0.####} is below the minimum {min}"),
            _ when Maximum is { } max && value > max => string.Create(CultureInfo.InvariantCulture, $"{Metric} {value:0.####} is above the maximum {max}"),
            _ => null,
        };
        return ValueTask.FromResult(reason is null
            ? GateResult.Pass(Name, string.Create(CultureInfo.InvariantCulture, $"{Metric} {value:0.####} is within {Threshold}"), figures, Threshold)
            : GateResult.Fail(Name, reason, figures, Threshold));
    }
}
