using OpenTelemetry.Metrics;

namespace ModelOps.Sdk;

/// <summary>Adds the ModelOps.Sdk meters to an OpenTelemetry <see cref="MeterProviderBuilder"/>.</summary>
public static class ModelOpsMeterProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes to every ModelOps.Sdk meter: core scoring and registry (<c>modelops.scorer.*</c>, <c>modelops.registry.*</c>),
    /// routing (<c>modelops.routing.*</c>) and monitoring (<c>modelops.monitoring.*</c>). docs/telemetry.md lists the instruments.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static MeterProviderBuilder AddModelOpsInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter([.. ModelOpsInstrumentationNames.Meters]);
    }
}
