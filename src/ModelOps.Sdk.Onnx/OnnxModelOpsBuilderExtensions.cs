using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Onnx;

namespace ModelOps.Sdk;

/// <summary>
/// Adds the ONNX flavor to ModelOps.Sdk.
/// </summary>
public static class OnnxModelOpsBuilderExtensions
{
    /// <summary>
    /// Adds the <c>onnx</c> flavor (<see cref="OnnxFlavor"/>): ONNX models are checked at registration and scored in process
    /// with ONNX Runtime.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Configures the <see cref="OnnxFlavorOptions"/>; may be <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Idempotent: calling it twice registers the flavor once, and both <paramref name="configure"/> callbacks apply in order.
    /// The options are validated on start when a host runs, and in any case when the flavor is first resolved.
    /// </remarks>
    public static IModelOpsBuilder AddOnnx(this IModelOpsBuilder builder, Action<OnnxFlavorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<OnnxFlavorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxFlavorOptions>, OnnxFlavorOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, OnnxFlavor>());
        return builder;
    }
}
