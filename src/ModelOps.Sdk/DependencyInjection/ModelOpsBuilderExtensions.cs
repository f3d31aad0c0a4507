using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk;

/// <summary>
/// Plugs custom parts into a <see cref="IModelOpsBuilder"/>: a storage adapter, the acting-principal accessor, the audit signer and anchor sink,
/// flavors, and guards on registry changes.
/// </summary>
public static class ModelOpsBuilderExtensions
{
    /// <summary>Uses a custom metadata store (see <c>docs/storage-providers.md</c>), replacing the current one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the store once, as a singleton.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder UseMetadataStore(this IModelOpsBuilder builder, Func<IServiceProvider, IModelMetadataStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>Uses a custom artifact store (see <c>docs/storage-providers.md</c>), replacing the current one.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the store once, as a singleton.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder UseArtifactStore(this IModelOpsBuilder builder, Func<IServiceProvider, IArtifactStore> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>Takes the acting principal recorded in the audit log from a custom accessor (for example the HTTP request's user).</summary>
    /// <typeparam name="TAccessor">The accessor type, resolved as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder UseActorAccessor<TAccessor>(this IModelOpsBuilder builder)
        where TAccessor : class, IActorAccessor
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IActorAccessor, TAccessor>());
        return builder;
    }

    /// <summary>
    /// Signs audit entries with a custom signer (for example one backed by a key vault), instead of the HMAC-SHA256 signer that
    /// <see cref="ModelOpsOptions.AuditSigningKey"/> enables.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the signer once, as a singleton.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder UseAuditSigner(this IModelOpsBuilder builder, Func<IServiceProvider, IAuditSigner> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>
    /// Keeps the latest anchor of every audit chain in a custom sink (for example a write-once bucket), instead of the
    /// <see cref="FileSystemAuditAnchorSink"/> that <see cref="ModelOpsOptions.AuditAnchorDirectory"/> enables. The registry writes to
    /// it as changes commit (see <see cref="ModelOpsOptions.AuditAnchorEvery"/>) and verification reads from it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the sink once, as a singleton.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder UseAuditAnchorSink(this IModelOpsBuilder builder, Func<IServiceProvider, IAuditAnchorSink> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        return builder;
    }

    /// <summary>
    /// Adds a model flavor (an <see cref="IModelFlavor"/>): registrations of that flavor are inspected before they are stored, and
    /// scorers can load its versions. Use it for custom kinds of model (an optimization solver, a knowledge-graph lookup, an agent).
    /// </summary>
    /// <typeparam name="TFlavor">The flavor type, resolved as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Adding the same flavor type twice adds it once. When two flavors share a name, the one added last wins.</remarks>
    public static IModelOpsBuilder AddFlavor<TFlavor>(this IModelOpsBuilder builder)
        where TFlavor : class, IModelFlavor
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, TFlavor>());
        return builder;
    }

    /// <summary>Adds a model flavor instance (see <see cref="AddFlavor{TFlavor}(IModelOpsBuilder)"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="flavor">The flavor.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddFlavor(this IModelOpsBuilder builder, IModelFlavor flavor)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(flavor);
        builder.Services.AddSingleton<IModelFlavor>(flavor);
        return builder;
    }

    /// <summary>
    /// Adds a guard that every registry change must pass (see <see cref="IRegistryOperationGuard"/>): governance policies,
    /// promotion gates, protected aliases, authorization. Guards run in the order they are added; adding the same type twice has
    /// no effect.
    /// </summary>
    /// <typeparam name="TGuard">The guard type, resolved as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddOperationGuard<TGuard>(this IModelOpsBuilder builder)
        where TGuard : class, IRegistryOperationGuard
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRegistryOperationGuard, TGuard>());
        return builder;
    }

    /// <summary>Adds a guard instance that every registry change must pass (see <see cref="IRegistryOperationGuard"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="guard">The guard; it must be thread-safe.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddOperationGuard(this IModelOpsBuilder builder, IRegistryOperationGuard guard)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(guard);
        builder.Services.AddSingleton(guard);
        return builder;
    }
}
