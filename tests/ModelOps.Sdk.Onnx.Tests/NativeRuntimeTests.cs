using Microsoft.ML.OnnxRuntime;

namespace ModelOps.Sdk.Onnx.Tests;

public sealed class NativeRuntimeTests(CreditModel model) : IClassFixture<CreditModel>
{
    [Fact]
    public void NativeLibrary_LoadsAndRunsATrivialSession()
    {
        Assert.False(string.IsNullOrEmpty(OrtEnv.Instance().GetVersionString()));
        using var session = new InferenceSession(model.OnnxBytes);
        Assert.Contains("Age", session.InputNames);
    }
}
