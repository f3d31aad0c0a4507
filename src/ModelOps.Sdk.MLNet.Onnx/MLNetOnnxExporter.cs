using System.Collections;
using System.Reflection;
using Microsoft.ML;
using ModelOps.Sdk.Evidence;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.MLNet.Onnx;

/// <summary>
/// Exports ML.NET versions of a model to ONNX (Microsoft.ML.OnnxConverter) as new versions whose lineage points to their source,
/// and checks how closely an export reproduces its source. Resolve it from dependency injection after
/// <c>builder.AddMLNetOnnxExport()</c>. Thread-safe.
/// </summary>
public sealed class MLNetOnnxExporter
{
    private readonly IModelRegistry _registry;
    private readonly IModelScorerFactory _scorers;

    /// <summary>Initializes a new instance of the <see cref="MLNetOnnxExporter"/> class.</summary>
    /// <param name="registry">The registry holding the models.</param>
    /// <param name="scorers">Loads versions for the parity check (needs the <c>mlnet</c> and <c>onnx</c> flavors registered).</param>
    public MLNetOnnxExporter(IModelRegistry registry, IModelScorerFactory scorers)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(scorers);
        _registry = registry;
        _scorers = scorers;
    }

    /// <summary>
    /// Converts an <c>mlnet</c> version to ONNX and registers the result as a new <c>onnx</c> version of the same model, with
    /// <see cref="ModelLineage.ParentVersion"/> set to the source, the source's lineage, parameters and input example carried over,
    /// and the tag <c>exported-from</c>.
    /// </summary>
    /// <typeparam name="TInput">The model's input type, as used to train it.</typeparam>
    /// <param name="modelName">The model.</param>
    /// <param name="sourceVersion">The ML.NET version to export.</param>
    /// <param name="sample">Some inputs, for the converter to read the input schema from (at least one).</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new ONNX version.</returns>
    /// <exception cref="InvalidRegistrationException">The source is not an <c>mlnet</c> version, or the sample is empty.</exception>
    /// <exception cref="InvalidModelArtifactException">The converter cannot export the model (for example an unsupported transform).</exception>
    public async Task<ModelVersion> ExportAsync<TInput>(string modelName, int sourceVersion, IReadOnlyList<TInput> sample, string? reason = null, CancellationToken cancellationToken = default)
        where TInput : class
    {
        ArgumentNullException.ThrowIfNull(sample);
        var source = await _registry.GetVersionAsync(modelName, sourceVersion, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(source.Flavor, "mlnet", StringComparison.Ordinal))
        {
            throw new InvalidRegistrationException(modelName, "sourceVersion", $"version {sourceVersion} has flavor '{source.Flavor}'; only mlnet versions can be exported to ONNX");
        }

        if (sample.Count == 0)
        {
            throw new InvalidRegistrationException(modelName, "sample", "at least one input is needed to read the input schema");
        }

        var bytes = await ReadVerifiedAsync(modelName, sourceVersion, cancellationToken).ConfigureAwait(false);
        using var onnx = new MemoryStream();
        try
        {
            var ml = new MLContext(seed: 0);
            ITransformer transformer;
            using (var zip = new MemoryStream(bytes, writable: false))
            {
                transformer = ml.Model.Load(zip, out _);
            }

            ml.Model.ConvertToOnnx(transformer, ml.Data.LoadFromEnumerable(sample), onnx);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException or FormatException)
        {
            throw new InvalidModelArtifactException(modelName, sourceVersion, "mlnet", null, $"the ONNX converter cannot export it ({ex.Message})", ex);
        }

        onnx.Position = 0;
        return await _registry.RegisterAsync(
            new ModelVersionRegistration
            {
                ModelName = modelName,
                Flavor = "onnx",
                Artifact = onnx,
                Parameters = source.Parameters,
                Tags = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["exported-from"] = $"{modelName}:{sourceVersion}",
                    ["exported-from-sha256"] = source.Artifact.Sha256,
                },
                Description = $"ONNX export of version {sourceVersion}",
                Lineage = new ModelLineage
                {
                    ParentVersion = sourceVersion,
                    SourceRevision = source.Lineage.SourceRevision,
                    TrainingDataFingerprint = source.Lineage.TrainingDataFingerprint,
                    CreatedBy = "ModelOps.Sdk.MLNet.Onnx",
                },
                InputExample = source.InputExample,
                Reason = reason ?? $"ONNX export of version {sourceVersion}",
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Scores a sample through an ML.NET version and its ONNX export with the same types, and reports the largest absolute difference
    /// per numeric output (and the count of differing boolean or string outputs). Optionally attaches the report to the export as a
    /// <see cref="DocumentKinds.OnnxParity"/> document, where promotion gates can find it.
    /// </summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type; its public readable properties are compared.</typeparam>
    /// <param name="modelName">The model.</param>
    /// <param name="sourceVersion">The ML.NET version.</param>
    /// <param name="exportVersion">The ONNX version.</param>
    /// <param name="sample">The inputs to score (at least one).</param>
    /// <param name="attachReport">Whether to attach the report to the export version.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The report.</returns>
    public async Task<OnnxParityReport> CheckParityAsync<TInput, TOutput>(
        string modelName,
        int sourceVersion,
        int exportVersion,
        IReadOnlyList<TInput> sample,
        bool attachReport = true,
        CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0)
        {
            throw new InvalidRegistrationException(modelName, "sample", "at least one input is needed for a parity check");
        }

        var source = await _scorers.LoadAsync(modelName, sourceVersion, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var export = await _scorers.LoadAsync(modelName, exportVersion, cancellationToken).ConfigureAwait(false);
            await using (export.ConfigureAwait(false))
            {
                var expected = source.CreatePredictor<TInput, TOutput>();
                var actual = export.CreatePredictor<TInput, TOutput>();
                var properties = typeof(TOutput).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
                var differences = new Dictionary<string, double>(StringComparer.Ordinal);
                var mismatches = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var input in sample)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var a = expected.Predict(input);
                    var b = actual.Predict(input);
                    foreach (var property in properties)
                    {
                        Compare(property.Name, property.GetValue(a), property.GetValue(b), differences, mismatches);
                    }
                }

                var report = new OnnxParityReport(modelName, sourceVersion, exportVersion, sample.Count, differences, mismatches);
                if (attachReport)
                {
                    await _registry.AttachDocumentAsync(
                        new DocumentAttachment
                        {
                            ModelName = modelName,
                            Version = exportVersion,
                            Kind = DocumentKinds.OnnxParity,
                            Name = $"v{sourceVersion}",
                            Content = EvidenceJson.WriteOnnxParityReport(report),
                            Reason = $"parity of version {exportVersion} with its source version {sourceVersion} on {sample.Count} inputs",
                        },
                        cancellationToken).ConfigureAwait(false);
                }

                return report;
            }
        }
    }

    private static void Compare(string name, object? a, object? b, Dictionary<string, double> differences, Dictionary<string, int> mismatches)
    {
        if (TryNumber(a, out var x) && TryNumber(b, out var y))
        {
            Record(differences, name, Difference(x, y));
            return;
        }

        if (a is IEnumerable ea and not string && b is IEnumerable eb and not string)
        {
            var left = ea.Cast<object?>().ToArray();
            var right = eb.Cast<object?>().ToArray();
            if (left.Length != right.Length)
            {
                mismatches[name] = mismatches.GetValueOrDefault(name) + 1;
                return;
            }

            for (var i = 0; i < left.Length; i++)
            {
                Compare(name, left[i], right[i], differences, mismatches);
            }

            return;
        }

        if (a is bool or string or null || b is bool or string or null)
        {
            mismatches[name] = mismatches.GetValueOrDefault(name) + (Equals(a, b) ? 0 : 1);
        }
    }

    private static double Difference(double x, double y) =>
        double.IsNaN(x) && double.IsNaN(y) ? 0 : double.IsNaN(x) || double.IsNaN(y) ? double.PositiveInfinity : Math.Abs(x - y);

    private static void Record(Dictionary<string, double> differences, string name, double difference) =>
        differences[name] = Math.Max(differences.GetValueOrDefault(name), difference);

    private static bool TryNumber(object? value, out double number)
    {
        switch (value)
        {
            case float f:
                number = f;
                return true;
            case double d:
                number = d;
                return true;
            case int i:
                number = i;
                return true;
            case long l:
                number = l;
                return true;
            case uint u:
                number = u;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    private async Task<byte[]> ReadVerifiedAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var stream = await _registry.OpenArtifactAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }
}
