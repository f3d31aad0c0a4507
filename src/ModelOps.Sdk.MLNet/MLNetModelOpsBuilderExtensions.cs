using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.MLNet;

namespace ModelOps.Sdk;

/// <summary>
/// Adds the ML.NET flavor to ModelOps.Sdk.
/// </summary>
public static class MLNetModelOpsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="MLNetFlavor"/> (flavor name <c>mlnet</c>) as an <see cref="IModelFlavor"/> singleton, so versions
    /// registered with that flavor are checked at registration and can be scored.
    /// </summary>
    /// <param name="builder">The ModelOps builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>Idempotent: calling it more than once registers the flavor once.</remarks>
    public static IModelOpsBuilder AddMLNet(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, MLNetFlavor>());
        return builder;
    }
}
