using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.AI;
using ModelOps.Sdk.AI.Evaluation;
using ModelOps.Sdk.AI.Telemetry;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk;

/// <summary>Adds the prompt flavor to ModelOps.Sdk.</summary>
public static class AIModelOpsBuilderExtensions
{
    /// <summary>
    /// Adds the <c>prompt</c> flavor (<see cref="PromptFlavor"/>), scored through the host's <c>IChatClient</c>, its
    /// <see cref="AITelemetry"/>, and the <c>golden-dataset</c> promotion gate type (<see cref="GoldenDatasetGate"/>) for policies.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Configures the <see cref="AIFlavorOptions"/>; may be <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Idempotent: calling it twice registers the flavor and the gate type once, and both <paramref name="configure"/> callbacks apply
    /// in order. The chat client is the application's: register one with <c>services.AddChatClient(...)</c> (Microsoft.Extensions.AI)
    /// or as any <c>IChatClient</c> singleton. The options are validated on start when a host runs, and in any case when the flavor is
    /// first resolved.
    /// </remarks>
    public static IModelOpsBuilder AddAI(this IModelOpsBuilder builder, Action<AIFlavorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<AIFlavorOptions>().ValidateDataAnnotations();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(static sp => new AITelemetry(sp.GetService<IMeterFactory>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AIFlavorOptions>, AIFlavorOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, PromptFlavor>());
        if (!builder.Services.Any(static d => d.ServiceType == typeof(GoldenDatasetGateTypeMarker)))
        {
            builder.Services.AddSingleton<GoldenDatasetGateTypeMarker>();
            builder.AddPromotionGateType(GoldenDatasetGate.GateType, static (services, parameters) => new GoldenDatasetGate(
                services.GetRequiredService<IModelScorerFactory>(),
                parameters.GetDouble("minimumPassRate"),
                parameters.GetOptionalString("dataset")));
        }

        return builder;
    }

    /// <summary>Marks that the gate type is registered, so a second <c>AddAI()</c> does not register it twice.</summary>
    private sealed class GoldenDatasetGateTypeMarker;
}
