using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Onnx.Scoring;

namespace ModelOps.Sdk.Onnx;

/// <summary>
/// The <c>onnx</c> flavor: checks ONNX models at registration and loads them into ONNX Runtime for scoring.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="InspectAsync"/> creates an <see cref="InferenceSession"/> from the artifact's bytes and reads the signature from the
/// graph's inputs and outputs: the data type is the element type (<c>float32</c>, <c>float64</c>, <c>int64</c>, <c>int32</c>,
/// <c>string</c>, <c>bool</c>, ...) and the shape is the graph's dimensions, with <c>-1</c> for a symbolic one.
/// </para>
/// <para>
/// <see cref="LoadAsync"/> creates one session per version, shared by every predictor and thread, and disposed with the
/// <see cref="ILoadedModel"/>. See <c>docs/flavors/onnx.md</c> for how input and output types map to tensors.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class OnnxFlavor : IModelFlavor
{
    /// <summary>The flavor's name, <c>onnx</c>.</summary>
    public const string FlavorName = "onnx";

    private readonly OnnxFlavorOptions _options;

    /// <summary>Initializes a new instance of the <see cref="OnnxFlavor"/> class.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OnnxFlavor(IOptions<OnnxFlavorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        OnnxFlavorOptionsValidator.ThrowIfInvalid(value);

        // Copied so that later changes to the instance cannot reach sessions created afterwards.
        _options = new OnnxFlavorOptions
        {
            IntraOpNumThreads = value.IntraOpNumThreads,
            InterOpNumThreads = value.InterOpNumThreads,
            GraphOptimizationLevel = value.GraphOptimizationLevel,
            ExecutionMode = value.ExecutionMode,
            AllowNonFiniteInputs = value.AllowNonFiniteInputs,
        };
    }

    /// <inheritdoc/>
    public string Name => FlavorName;

    /// <inheritdoc/>
    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        cancellationToken.ThrowIfCancellationRequested();
        using var session = CreateSession(artifact);
        return ValueTask.FromResult(new FlavorInspection(OnnxSignatureReader.Read(session)));
    }

    /// <inheritdoc/>
    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (artifact.Version is null)
        {
            throw new ArgumentException($"The {artifact} has no version: only registered versions are loaded.", nameof(artifact));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var session = CreateSession(artifact);
        return ValueTask.FromResult<ILoadedModel>(new OnnxLoadedModel(session, artifact.Version, _options.AllowNonFiniteInputs));
    }

    private InferenceSession CreateSession(ModelArtifact artifact)
    {
        if (artifact.Content.IsEmpty)
        {
            throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, FlavorName, null, "the artifact is empty");
        }

        // InferenceSession takes a whole byte[]; reuse the array when the memory spans one entirely.
        var bytes = MemoryMarshal.TryGetArray(artifact.Content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : artifact.Content.ToArray();
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = _options.IntraOpNumThreads,
            InterOpNumThreads = _options.InterOpNumThreads,
            GraphOptimizationLevel = _options.GraphOptimizationLevel,
            ExecutionMode = _options.ExecutionMode,
        };
        try
        {
            return new InferenceSession(bytes, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, FlavorName, null, ex.Message, ex);
        }
    }
}
