using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.MLNet.Tests;

public sealed class MLNetFlavorTests
{
    private readonly MLNetFlavor flavor = new();

    [Fact]
    public async Task InspectAsync_BinaryClassifier_CapturesInputsAndComputedOutputs()
    {
        var inspection = await flavor.InspectAsync(TestModels.Artifact("credit", TestModels.Credit));

        Assert.Equal(
            [
                new SignatureField("Income", "float32"),
                new SignatureField("Debt", "float32"),
                new SignatureField("Age", "float32"),
                new SignatureField("Label", "bool", IsOptional: true),
            ],
            inspection.Signature.Inputs);
        var outputs = inspection.Signature.Outputs.ToDictionary(f => f.Name);
        Assert.Equal(["Features", "PredictedLabel", "Score", "Probability"], inspection.Signature.Outputs.Select(f => f.Name));
        Assert.Equal("float32", outputs["Features"].DataType);
        Assert.Equal([3L], outputs["Features"].Shape!);
        Assert.Equal("float32", outputs["Score"].DataType);
        Assert.Null(outputs["Score"].Shape);
        Assert.Equal("float32", outputs["Probability"].DataType);
        Assert.Equal("bool", outputs["PredictedLabel"].DataType);
    }

    [Fact]
    public async Task InspectAsync_VectorInput_GetsItsSize()
    {
        var inspection = await flavor.InspectAsync(TestModels.Artifact("vector", TestModels.Vector));

        var features = Assert.Single(inspection.Signature.Inputs, f => f.Name == "Features");
        Assert.Equal("float32", features.DataType);
        Assert.Equal([3L], features.Shape!);
        Assert.False(features.IsOptional);
        Assert.Contains(inspection.Signature.Outputs, f => f.Name == "Score");
        Assert.DoesNotContain(inspection.Signature.Outputs, f => f.Name == "Features");
    }

    [Fact]
    public async Task InspectAsync_Regression_OutputsScore()
    {
        var inspection = await flavor.InspectAsync(TestModels.Artifact("house", TestModels.House(2)));

        Assert.Equal(["Size", "Rooms", "Label"], inspection.Signature.Inputs.Select(f => f.Name));
        Assert.True(inspection.Signature.Inputs.Single(f => f.Name == "Label").IsOptional);
        Assert.Equal(["Features", "Score"], inspection.Signature.Outputs.Select(f => f.Name));
    }

    public static TheoryData<string> CorruptionKinds => ["random", "truncated", "flipped", "empty"];

    [Theory]
    [MemberData(nameof(CorruptionKinds))]
    public async Task InspectAsync_CorruptZip_ThrowsInvalidModelArtifactWithCause(string kind)
    {
        var content = Corrupt(TestModels.Credit, kind);

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => flavor.InspectAsync(TestModels.Artifact("credit", content)).AsTask());

        Assert.Equal("credit", ex.ModelName);
        Assert.Equal("mlnet", ex.Flavor);
        Assert.Null(ex.Version);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task LoadAsync_CorruptZip_ThrowsInvalidModelArtifactWithVersion()
    {
        var content = Corrupt(TestModels.Credit, "random");

        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => flavor.LoadAsync(TestModels.Artifact("credit", content, version: 4)).AsTask());

        Assert.Equal(4, ex.Version);
    }

    [Fact]
    public async Task LoadAsync_WithoutVersion_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => flavor.LoadAsync(TestModels.Artifact("credit", TestModels.Credit)).AsTask());
    }

    [Fact]
    public async Task LoadAsync_ConcurrentLoadsOfTheSameModel_AllSucceedAndScoreAlike()
    {
        var artifact = TestModels.Artifact("credit", TestModels.Credit, version: 1);
        var input = TestModels.CreditInputs(1, seed: 5)[0];

        var models = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await flavor.LoadAsync(artifact))));
        try
        {
            var scores = models.Select(m => m.CreatePredictor<CreditInput, CreditOutput>().Predict(input).Score).Distinct().ToList();
            Assert.Single(scores);
        }
        finally
        {
            foreach (var model in models)
            {
                await model.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task InspectAsync_Canceled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flavor.InspectAsync(TestModels.Artifact("credit", TestModels.Credit), cts.Token).AsTask());
    }

    [Fact]
    public void AddMLNet_CalledTwice_RegistersTheFlavorOnce()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddMLNet().AddMLNet();
        using var provider = services.BuildServiceProvider();

        var flavors = provider.GetServices<IModelFlavor>().ToList();

        var only = Assert.Single(flavors);
        Assert.IsType<MLNetFlavor>(only);
        Assert.Equal("mlnet", only.Name);
    }

    internal static byte[] Corrupt(byte[] zip, string kind)
    {
        switch (kind)
        {
            case "random":
                var random = new byte[zip.Length];
                new Random(1).NextBytes(random);
                return random;
            case "truncated":
                return zip[..(zip.Length / 2)];
            case "empty":
                return [];
            default:
                // Flip every byte of the zip's trailing central directory region: the archive no longer opens.
                var flipped = (byte[])zip.Clone();
                for (var i = flipped.Length - 64; i < flipped.Length; i++)
                {
                    flipped[i] ^= 0xFF;
                }

                return flipped;
        }
    }
}
