using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk;

/// <summary>
/// Chooses the in-memory store on a <see cref="IModelOpsBuilder"/>.
/// </summary>
public static class InMemoryModelOpsBuilderExtensions
{
    /// <summary>
    /// Stores metadata and artifacts in process memory (<see cref="InMemoryMetadataStore"/> and <see cref="InMemoryArtifactStore"/>):
    /// for tests and short-lived hosts. Nothing survives the process.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder UseInMemory(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IModelMetadataStore, InMemoryMetadataStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IArtifactStore, InMemoryArtifactStore>());
        return builder;
    }
}
