using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk;

/// <summary>Adds governance to a ModelOps registry.</summary>
public static class GovernanceModelOpsBuilderExtensions
{
    /// <summary>
    /// Enforces governance on every registry change (role-based authorization, separation of duties, gates and approvals before
    /// <see cref="ModelVersionStatus.Approved"/>, protected aliases) and registers <see cref="IGovernanceService"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures policies, protected aliases and roles.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddGovernance(this IModelOpsBuilder builder, Action<GovernanceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<GovernanceOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GovernanceOptions>, GovernanceOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRegistryOperationGuard, GovernanceGuard>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IGovernanceService, GovernanceService>();
        return builder.AddModelBundles();
    }

    /// <summary>
    /// Registers <see cref="IModelBundleService"/>: export a model's versions with their evidence and audit chain into one verifiable
    /// file, and import such a file into this registry (promotion across networks, migration between stores, backup).
    /// <see cref="AddGovernance"/> calls it too.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets this registry's name and the signature policy of imports.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddModelBundles(this IModelOpsBuilder builder, Action<ModelBundleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ModelBundleOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.RegistryName), "ModelBundleOptions.RegistryName is empty: name this registry (for example 'prod').")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IModelBundleService, ModelBundleService>();
        return builder;
    }

    /// <summary>Adds a custom gate that every model's policy evaluates after its own gates.</summary>
    /// <typeparam name="TGate">The gate type, resolved as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddPromotionGate<TGate>(this IModelOpsBuilder builder)
        where TGate : class, IPromotionGate
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPromotionGate, TGate>());
        return builder;
    }
}
