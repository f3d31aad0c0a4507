using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace ModelOps.Sdk.Onnx.Tests;

public sealed class OnnxFlavorTests(CreditModel model) : IClassFixture<CreditModel>
{
    [Fact]
    public async Task InspectAsync_ExportedModel_ReturnsGraphSignature()
    {
        var inspection = await CreditModel.CreateFlavor().InspectAsync(model.Artifact(version: null));

        var inputs = inspection.Signature.Inputs.ToDictionary(f => f.Name);
        Assert.Equal(["Age", "Income", "History", "Segment", "Label"], inspection.Signature.Inputs.Select(f => f.Name));
        Assert.Equal("float32", inputs["Age"].DataType);
        Assert.Equal([-1L, 1L], inputs["Age"].Shape);
        Assert.Equal([-1L, 3L], inputs["History"].Shape);
        Assert.Equal("string", inputs["Segment"].DataType);
        Assert.Equal("bool", inputs["Label"].DataType);
        var outputs = inspection.Signature.Outputs.ToDictionary(f => f.Name);
        Assert.Equal("float32", outputs["Probability.output"].DataType);
        Assert.Equal([-1L, 1L], outputs["Probability.output"].Shape);
        Assert.Equal("bool", outputs["PredictedLabel.output"].DataType);
    }

    [Fact]
    public async Task InspectAsync_CorruptBytes_ThrowsInvalidModelArtifactWithRuntimeError()
    {
        var bytes = model.OnnxBytes[..(model.OnnxBytes.Length / 2)];
        bytes[10] ^= 0xFF;
        var artifact = new Flavors.ModelArtifact("credit", "onnx", "00", bytes);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(async () => await CreditModel.CreateFlavor().InspectAsync(artifact));

        Assert.Equal("credit", ex.ModelName);
        Assert.Null(ex.Version);
        Assert.Equal("onnx", ex.Flavor);
        Assert.IsType<OnnxRuntimeException>(ex.InnerException);
    }

    [Fact]
    public async Task LoadAsync_EmptyArtifact_ThrowsInvalidModelArtifact()
    {
        var artifact = new Flavors.ModelArtifact("credit", "onnx", "00", ReadOnlyMemory<byte>.Empty);

        await Assert.ThrowsAsync<InvalidModelArtifactException>(async () => await CreditModel.CreateFlavor().InspectAsync(artifact));
    }

    [Fact]
    public async Task LoadAsync_LoadsTheVersion()
    {
        await using var loaded = await model.LoadAsync();

        Assert.Equal(1, loaded.Version.Version);
        Assert.Equal("onnx", CreditModel.CreateFlavor().Name);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(1, -2)]
    public void Constructor_InvalidThreadCounts_ThrowsNamingTheOption(int intra, int inter)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => CreditModel.CreateFlavor(o => (o.IntraOpNumThreads, o.InterOpNumThreads) = (intra, inter)));

        Assert.Contains(intra < 0 ? "IntraOpNumThreads" : "InterOpNumThreads", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new OnnxFlavorOptions();

        Assert.Equal(1, options.IntraOpNumThreads);
        Assert.Equal(1, options.InterOpNumThreads);
        Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, options.GraphOptimizationLevel);
        Assert.Equal(ExecutionMode.ORT_SEQUENTIAL, options.ExecutionMode);
        Assert.False(options.AllowNonFiniteInputs);
    }
}
