using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.MLNet.Onnx;

namespace ModelOps.Sdk;

/// <summary>
/// Adds ML.NET-to-ONNX export and parity checking to a <see cref="IModelOpsBuilder"/>.
/// </summary>
public static class MLNetOnnxModelOpsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="MLNetOnnxExporter"/> as a singleton. The parity check loads both versions, so add the <c>mlnet</c> and
    /// <c>onnx</c> flavors too (<c>AddMLNet()</c>, <c>AddOnnx()</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IModelOpsBuilder AddMLNetOnnxExport(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<MLNetOnnxExporter>();
        return builder;
    }
}
