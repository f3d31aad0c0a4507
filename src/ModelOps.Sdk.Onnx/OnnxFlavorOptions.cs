using Microsoft.ML.OnnxRuntime;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Onnx;

/// <summary>
/// Options of the ONNX flavor: how ONNX Runtime sessions are created, and which inputs are accepted.
/// </summary>
/// <remarks>
/// Configure them with <c>builder.AddOnnx(o =&gt; ...)</c>. They are validated when the flavor is first resolved; each loaded
/// version gets one <see cref="InferenceSession"/> created with them.
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class OnnxFlavorOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Flavors:Onnx</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Flavors:Onnx";

    /// <summary>
    /// Gets or sets the number of threads ONNX Runtime uses inside one operator (<see cref="SessionOptions.IntraOpNumThreads"/>);
    /// <c>0</c> lets ONNX Runtime choose (one per physical core).
    /// </summary>
    /// <value>The default value is <c>1</c>.</value>
    /// <remarks>
    /// One thread suits the small tabular models scored one row at a time in a service: the parallelism comes from the callers'
    /// threads, and a per-session pool of spinning threads would compete with them. Raise it for large models or large batches.
    /// </remarks>
    public int IntraOpNumThreads { get; set; } = 1;

    /// <summary>
    /// Gets or sets the number of threads ONNX Runtime uses to run independent operators at once
    /// (<see cref="SessionOptions.InterOpNumThreads"/>); used only with <see cref="ExecutionMode.ORT_PARALLEL"/>; <c>0</c> lets
    /// ONNX Runtime choose.
    /// </summary>
    /// <value>The default value is <c>1</c>.</value>
    public int InterOpNumThreads { get; set; } = 1;

    /// <summary>Gets or sets how far ONNX Runtime optimizes the graph when a version is loaded.</summary>
    /// <value>The default value is <see cref="GraphOptimizationLevel.ORT_ENABLE_ALL"/>.</value>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Gets or sets whether operators run one after the other or, where the graph allows, in parallel.</summary>
    /// <value>The default value is <see cref="ExecutionMode.ORT_SEQUENTIAL"/>.</value>
    public ExecutionMode ExecutionMode { get; set; } = ExecutionMode.ORT_SEQUENTIAL;

    /// <summary>
    /// Gets or sets whether <c>float32</c> and <c>float64</c> inputs may hold NaN or infinity. When <see langword="false"/>, such a
    /// value is refused with <see cref="InvalidModelInputException"/> naming the field, before the model runs.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowNonFiniteInputs { get; set; }
}
