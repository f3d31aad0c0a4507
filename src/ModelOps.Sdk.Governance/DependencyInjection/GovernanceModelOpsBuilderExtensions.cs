using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Configuration;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk;

/// <summary>Adds governance to a ModelOps registry.</summary>
public static class GovernanceModelOpsBuilderExtensions
{
    /// <summary>
    /// Enforces governance on every registry change (role-based authorization, separation of duties, gates and approvals before
    /// <see cref="ModelVersionStatus.Approved"/>, protected aliases, the purge role) and registers <see cref="IGovernanceService"/>,
    /// <see cref="IRetentionService"/> (options <see cref="RetentionOptions"/>, section <c>ModelOps:Retention</c>), the retention loop
    /// (<c>governance:retention</c>, an <see cref="IModelOpsLoop"/>, off unless <see cref="RetentionOptions.LoopEnabled"/>) and
    /// <see cref="IModelBundleService"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures policies, protected aliases and roles.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddGovernance(this IModelOpsBuilder builder, Action<GovernanceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The configured policies (IModelOpsConfiguration) are read before the code's delegate, so code adds to or overrides them.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<GovernanceOptions>, GovernancePolicyConfiguration>());
        var options = builder.Services.AddOptions<GovernanceOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GovernanceOptions>, GovernanceOptionsValidator>());
        builder.Services.TryAddSingleton(sp =>
        {
            // The loader is resolved on first use: the tool builds its configured policies while the registry is being constructed.
            var loader = new DeferredModelScorerFactory(sp);
            return new PromotionGateCatalog(sp.GetServices<PromotionGateType>()
                .Prepend(new PromotionGateType(BuiltInGateTypes.InputExampleScores, _ => new InputExampleScoresGate(loader)))
                .Prepend(new PromotionGateType(BuiltInGateTypes.ArtifactLoads, _ => new ArtifactLoadsGate(loader))));
        });
        builder.Services.TryAddSingleton<PromotionPolicyResolver>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRegistryOperationGuard, GovernanceGuard>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IGovernanceService, GovernanceService>();
        builder.Services.AddOptions<RetentionOptions>().ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IRetentionService, RetentionService>();
        builder.Services.TryAddSingleton<RetentionLoop>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelOpsLoop, RetentionLoop>(sp => sp.GetRequiredService<RetentionLoop>()));
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

    /// <summary>
    /// Adds a gate type that promotion policy documents may name (<see cref="GateSpecification.Type"/>), beside the built-in ones
    /// (<see cref="BuiltInGateTypes"/>): stored policies and <see cref="PromotionGateCatalog"/> build gates of this type with the factory.
    /// Unlike <see cref="AddPromotionGate{TGate}"/>, the gate then applies only where a policy lists it, with that policy's parameters.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="type">The type's name, for example <c>vendor-score</c> (matched ignoring case, <c>-</c> and <c>_</c>).</param>
    /// <param name="factory">Builds the gate from a specification's parameters; throw <see cref="ArgumentException"/> naming the parameter for a bad value.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <example>
    /// <code>
    /// builder.AddPromotionGateType("latency", p => new LatencyGate(p.GetDouble("maximumMilliseconds")));
    /// </code>
    /// </example>
    public static IModelOpsBuilder AddPromotionGateType(this IModelOpsBuilder builder, string type, Func<GateParameters, IPromotionGate> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var gateType = new PromotionGateType(type, factory);
        builder.Services.AddSingleton(gateType);
        return builder;
    }

    /// <summary>
    /// Adds a gate type whose factory needs services from the container (see
    /// <see cref="AddPromotionGateType(IModelOpsBuilder, string, Func{GateParameters, IPromotionGate})"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="type">The type's name.</param>
    /// <param name="factory">Builds the gate from the container and a specification's parameters.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddPromotionGateType(this IModelOpsBuilder builder, string type, Func<IServiceProvider, GateParameters, IPromotionGate> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(services => new PromotionGateType(type, parameters => factory(services, parameters)));
        return builder;
    }
}
