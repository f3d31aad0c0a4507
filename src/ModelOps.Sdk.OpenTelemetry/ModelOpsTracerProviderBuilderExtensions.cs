using OpenTelemetry.Trace;

namespace ModelOps.Sdk;

/// <summary>Adds the ModelOps.Sdk activity sources to an OpenTelemetry <see cref="TracerProviderBuilder"/>.</summary>
public static class ModelOpsTracerProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes to every ModelOps.Sdk activity source: the core's (<c>modelops.registry.write</c> and <c>modelops.scorer.swap</c>
    /// spans) and routing's. docs/telemetry.md lists the spans and their tags.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static TracerProviderBuilder AddModelOpsInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource([.. ModelOpsInstrumentationNames.ActivitySources]);
    }
}
