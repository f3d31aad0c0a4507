using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk;

/// <summary>
/// Stores artifacts in an S3-compatible bucket: <c>services.AddModelOps().UseFileSystem(path).UseS3(o =&gt; o.BucketName = "models")</c>.
/// </summary>
public static class S3ModelOpsBuilderExtensions
{
    /// <summary>
    /// Stores the registry's artifacts in an S3-compatible bucket with <see cref="S3ArtifactStore"/>, replacing the artifact store
    /// registered before and keeping the metadata store (filesystem, in-memory, PostgreSQL, ...).
    /// </summary>
    /// <param name="builder">The ModelOps builder.</param>
    /// <param name="configure">Sets the options, on top of any bound from configuration.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// <para>
    /// Call it after the verb that chooses the metadata store: <c>UseFileSystem</c> and <c>UseInMemory</c> register both stores, so
    /// the last call decides the artifact store. <c>.UseFileSystem(path).UseS3(...)</c> gives filesystem metadata and S3 artifacts.
    /// </para>
    /// <para>
    /// Options bound with <c>services.AddOptions&lt;S3ArtifactStoreOptions&gt;().Bind(configuration.GetSection("ModelOps:S3"))</c>
    /// apply too, in registration order. They are validated when the store is first resolved (which resolving the registry does) and
    /// at host start when there is a host. The store is a singleton built from <see cref="IOptions{TOptions}"/>, the registered
    /// <see cref="TimeProvider"/> (or <see cref="TimeProvider.System"/>) and the registered <see cref="ILoggerFactory"/> (or no
    /// logging); the container disposes it, and with it its S3 client.
    /// </para>
    /// </remarks>
    public static IModelOpsBuilder UseS3(this IModelOpsBuilder builder, Action<S3ArtifactStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;

        // Registered once: repeated validators would report every failure twice.
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(IValidateOptions<S3ArtifactStoreOptions>)
            && descriptor.ImplementationType == typeof(S3ArtifactStoreOptionsValidator)))
        {
            services.AddOptions<S3ArtifactStoreOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3ArtifactStoreOptions>, S3ArtifactStoreOptionsValidator>());
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        // What the core's UseArtifactStore does, spelled out so that this package needs only the contracts.
        services.Replace(ServiceDescriptor.Singleton<IArtifactStore>(static provider => new S3ArtifactStore(
            provider.GetRequiredService<IOptions<S3ArtifactStoreOptions>>().Value,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>()?.CreateLogger<S3ArtifactStore>())));
        return builder;
    }
}
