using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.ML;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// The <c>mlnet</c> flavor: ML.NET <see cref="ITransformer"/> zips, as written by <c>mlContext.Model.Save(model, inputSchema, stream)</c>.
/// Register it with <c>services.AddModelOps().AddMLNet()</c>.
/// </summary>
/// <remarks>
/// <para>
/// At registration the zip is loaded and its signature captured: inputs from the saved input schema (inputs the model's outputs
/// do not depend on, such as the label, are marked optional), outputs from the transformer's output schema minus the input
/// columns. Types are named <c>float32</c>, <c>float64</c>, <c>int32</c>, <c>int64</c>, <c>bool</c>, <c>string</c>, <c>key</c>
/// (and the other ML.NET primitive types by their size); vector columns get the shape <c>[size]</c>, or <c>[-1]</c> when their size varies.
/// </para>
/// <para>
/// Loads of the same model name are serialized (ML.NET can collide on temporary files when several threads load the same model at
/// once). Each load gets its own <see cref="MLContext"/> with the fixed seed 0: loading and scoring a saved model draws no random
/// numbers, and a fixed seed keeps any component that does so reproducible.
/// </para>
/// <para>
/// Predictors pool <see cref="PredictionEngine{TSrc, TDst}"/> instances per loaded version and per predictor, so an engine always
/// returns to the pool it came from and is disposed once its version is disposed (see <c>docs/flavors/mlnet.md</c>).
/// </para>
/// <para>This class is thread-safe.</para>
/// </remarks>
public sealed class MLNetFlavor : IModelFlavor
{
    private const int ContextSeed = 0;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> loadGates = new(StringComparer.Ordinal);

    /// <summary>Gets the flavor's name, <c>mlnet</c>.</summary>
    public string Name => "mlnet";

    /// <inheritdoc />
    /// <remarks>The returned inputs and outputs follow the rules in the class remarks.</remarks>
    public async ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var (_, transformer, inputSchema) = await LoadCoreAsync(artifact, cancellationToken).ConfigureAwait(false);
        try
        {
            return new FlavorInspection(MLNetSchemaReader.ReadSignature(transformer, inputSchema));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Invalid(artifact, null, $"its output schema cannot be computed ({ex.GetType().Name}: {ex.Message.TrimEnd('.')})", ex);
        }
        finally
        {
            (transformer as IDisposable)?.Dispose();
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><see cref="ModelArtifact.Version"/> is <see langword="null"/>.</exception>
    public async ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var version = artifact.Version
            ?? throw new ArgumentException("Only a registered version can be loaded for scoring: the artifact has no Version.", nameof(artifact));
        var (context, transformer, inputSchema) = await LoadCoreAsync(artifact, cancellationToken).ConfigureAwait(false);
        try
        {
            return new MLNetLoadedModel(version, context, transformer, inputSchema);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (transformer as IDisposable)?.Dispose();
            throw Invalid(artifact, null, $"its output schema cannot be computed ({ex.GetType().Name}: {ex.Message.TrimEnd('.')})", ex);
        }
    }

    private static InvalidModelArtifactException Invalid(ModelArtifact artifact, string? part, string problem, Exception? inner) =>
        new(artifact.ModelName, artifact.Version?.Version, "mlnet", part, problem, inner);

    /// <summary>Names the zip entry an ML.NET error mentions, if it names one.</summary>
    private static string? FailingPart(ModelArtifact artifact, Exception ex)
    {
        try
        {
            using var stream = artifact.OpenRead();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var messages = string.Join("\n", Flatten(ex).Select(e => e.Message));
            return zip.Entries
                .Select(e => e.FullName)
                .Where(name => messages.Contains(name, StringComparison.Ordinal) || messages.Contains(name.Replace('/', '\\'), StringComparison.Ordinal))
                .OrderByDescending(name => name.Length)
                .FirstOrDefault();
        }
        catch (InvalidDataException)
        {
            // Not even a zip: no part to name.
            return null;
        }

        static IEnumerable<Exception> Flatten(Exception? e)
        {
            for (; e is not null; e = e.InnerException)
            {
                yield return e;
            }
        }
    }

    private async ValueTask<(MLContext Context, ITransformer Transformer, DataViewSchema InputSchema)> LoadCoreAsync(
        ModelArtifact artifact, CancellationToken cancellationToken)
    {
        var gate = loadGates.GetOrAdd(artifact.ModelName, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = new MLContext(seed: ContextSeed);
            ITransformer transformer;
            DataViewSchema? inputSchema;
            try
            {
                using var stream = artifact.OpenRead();
                transformer = context.Model.Load(stream, out inputSchema);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw Invalid(artifact, FailingPart(artifact, ex), $"it is not a loadable ML.NET model zip ({ex.GetType().Name}: {ex.Message.TrimEnd('.')})", ex);
            }

            if (inputSchema is null)
            {
                (transformer as IDisposable)?.Dispose();
                throw Invalid(artifact, null, "it was saved without its input schema; save it with mlContext.Model.Save(model, trainingData.Schema, stream)", null);
            }

            return (context, transformer, inputSchema);
        }
        finally
        {
            gate.Release();
        }
    }
}
