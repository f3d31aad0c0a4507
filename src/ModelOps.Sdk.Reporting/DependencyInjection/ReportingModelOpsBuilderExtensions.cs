using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Reporting;

namespace ModelOps.Sdk;

/// <summary>Adds the self-contained HTML report (<see cref="IModelOpsReportGenerator"/>) to ModelOps.Sdk.</summary>
public static class ReportingModelOpsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IModelOpsReportGenerator"/> over the registry, with the validated <see cref="ReportingOptions"/>. Gate
    /// reports are read through <see cref="IGovernanceService"/> when governance is registered, and left out otherwise.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>Idempotent: services are added with <c>TryAdd</c> and each <paramref name="configure"/> is applied. The options are
    /// validated at host start and on the first resolution of <see cref="IModelOpsReportGenerator"/>; an invalid value throws
    /// <see cref="OptionsValidationException"/> naming it.</remarks>
    public static IModelOpsBuilder AddReporting(this IModelOpsBuilder builder, Action<ReportingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ReportingOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReportingOptions>, ReportingOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IModelOpsReportGenerator>(static sp => new ModelOpsReportGenerator(
            sp.GetRequiredService<IModelRegistry>(),
            sp.GetRequiredService<IOptions<ReportingOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IGovernanceService>()));
        return builder;
    }
}
