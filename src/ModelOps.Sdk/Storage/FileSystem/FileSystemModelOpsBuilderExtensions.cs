using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk;

/// <summary>
/// Chooses the filesystem storage provider for ModelOps.Sdk: <c>services.AddModelOps().UseFileSystem("/var/lib/models")</c>.
/// </summary>
public static class FileSystemModelOpsBuilderExtensions
{
    /// <summary>
    /// Stores the registry's metadata and artifacts in a directory, with <see cref="FileSystemMetadataStore"/> and
    /// <see cref="FileSystemArtifactStore"/>, replacing any storage registered before.
    /// </summary>
    /// <param name="builder">The ModelOps builder.</param>
    /// <param name="rootPath">
    /// The directory that holds the store; when <see langword="null"/>, <see cref="FileSystemStorageOptions.RootPath"/> keeps its
    /// configured or default value.
    /// </param>
    /// <param name="configure">Sets further options, after <paramref name="rootPath"/> is applied.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// <para>
    /// The options are validated when the stores are first resolved (and at host start when there is a host). The stores are singletons
    /// built from <see cref="IOptions{TOptions}"/>, the registered <see cref="TimeProvider"/> (or <see cref="TimeProvider.System"/>) and
    /// the registered <see cref="ILoggerFactory"/> (or no logging).
    /// </para>
    /// <para>
    /// Calling it again adds the new settings on top of the previous ones; options bound from configuration with
    /// <c>services.Configure&lt;FileSystemStorageOptions&gt;(section)</c> apply too, in registration order.
    /// </para>
    /// </remarks>
    public static IModelOpsBuilder UseFileSystem(this IModelOpsBuilder builder, string? rootPath = null, Action<FileSystemStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        AddOptions(services);
        if (rootPath is not null || configure is not null)
        {
            services.Configure<FileSystemStorageOptions>(options =>
            {
                if (rootPath is not null)
                {
                    options.RootPath = rootPath;
                }

                configure?.Invoke(options);
            });
        }

        services.Replace(ServiceDescriptor.Singleton<IModelMetadataStore>(CreateMetadataStore));
        services.Replace(ServiceDescriptor.Singleton<IArtifactStore>(CreateArtifactStore));
        return builder;
    }

    /// <summary>
    /// Registers the filesystem stores unless storage is already registered; <c>AddModelOps</c> calls this so that storage defaults to
    /// the filesystem at <see cref="FileSystemStorageOptions.RootPath"/>'s default.
    /// </summary>
    /// <param name="services">The service collection.</param>
    internal static void AddFileSystemDefaults(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddOptions(services);
        services.TryAddSingleton<IModelMetadataStore>(CreateMetadataStore);
        services.TryAddSingleton<IArtifactStore>(CreateArtifactStore);
    }

    private static void AddOptions(IServiceCollection services)
    {
        // Registered once: repeated data-annotation validators would report every failure twice.
        if (services.Any(descriptor => descriptor.ServiceType == typeof(IValidateOptions<FileSystemStorageOptions>)
            && descriptor.ImplementationType == typeof(FileSystemStorageOptionsValidator)))
        {
            return;
        }

        services.AddOptions<FileSystemStorageOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileSystemStorageOptions>, FileSystemStorageOptionsValidator>());
    }

    private static FileSystemMetadataStore CreateMetadataStore(IServiceProvider services) =>
        new(
            services.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>()?.CreateLogger<FileSystemMetadataStore>());

    private static FileSystemArtifactStore CreateArtifactStore(IServiceProvider services) =>
        new(
            services.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>()?.CreateLogger<FileSystemArtifactStore>());
}
