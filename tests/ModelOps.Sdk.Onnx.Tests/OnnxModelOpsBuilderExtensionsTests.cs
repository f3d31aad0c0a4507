using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Onnx.Tests;

public sealed class OnnxModelOpsBuilderExtensionsTests
{
    [Fact]
    public void AddOnnx_CalledTwice_RegistersTheFlavorOnceWithBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOnnx(o => o.IntraOpNumThreads = 2).AddOnnx(o => o.AllowNonFiniteInputs = true);
        using var provider = services.BuildServiceProvider();

        var flavor = Assert.Single(provider.GetServices<IModelFlavor>(), f => f.Name == "onnx");
        var options = provider.GetRequiredService<IOptions<OnnxFlavorOptions>>().Value;

        Assert.IsType<OnnxFlavor>(flavor);
        Assert.Equal(2, options.IntraOpNumThreads);
        Assert.True(options.AllowNonFiniteInputs);
    }

    [Fact]
    public void AddOnnx_InvalidOptions_FailOnFirstResolution()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOnnx(o => o.IntraOpNumThreads = -3);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetServices<IModelFlavor>().ToList());

        Assert.Contains("-3", ex.Message, StringComparison.Ordinal);
    }
}
