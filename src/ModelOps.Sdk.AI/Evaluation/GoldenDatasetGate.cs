using System.Globalization;
using ModelOps.Sdk.AI.Definition;
using ModelOps.Sdk.AI.Scoring;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.AI.Evaluation;

/// <summary>
/// Runs a prompt version's golden dataset through the chat client and passes when the share of cases whose output passes every
/// check reaches <see cref="MinimumPassRate"/> (gate type <c>golden-dataset</c>: parameters <c>minimumPassRate</c>, required,
/// between 0 and 1, and <c>dataset</c>, the extra file, <see cref="DefaultDatasetFile"/> by default).
/// </summary>
/// <remarks>
/// <para>
/// The dataset is an extra file of the version (<c>ExtraFiles["golden-dataset.json"]</c>, <c>--extra-file</c> in the tool), so it is
/// versioned, hashed and audited with the prompt, and checked at registration. Cases run one after another in file order; a case
/// fails when the call throws (a refusal, an invalid output, a timeout) or a check fails. The report's figures are
/// <c>passRate</c>, <c>passed</c> and <c>cases</c>; the reason names up to five failed cases with their first failure.
/// </para>
/// <para>
/// It fails when the version is not a <c>prompt</c> version, has no dataset, or does not load in the process evaluating the gate
/// (which needs the flavor and an <c>IChatClient</c>: a host, not the <c>modelops</c> tool).
/// </para>
/// </remarks>
public sealed class GoldenDatasetGate : IPromotionGate
{
    /// <summary>The gate type's name in policies, and the gate's name in reports: <c>golden-dataset</c>.</summary>
    public const string GateType = "golden-dataset";

    /// <summary>The extra file read when the policy names none: <c>golden-dataset.json</c>.</summary>
    public const string DefaultDatasetFile = "golden-dataset.json";

    private readonly IModelScorerFactory _loader;

    /// <summary>Initializes a new instance of the <see cref="GoldenDatasetGate"/> class.</summary>
    /// <param name="loader">Loads versions with the flavors (and chat client) of this process.</param>
    /// <param name="minimumPassRate">The share of cases that must pass, between 0 and 1.</param>
    /// <param name="datasetFile">The version's extra file holding the dataset; <see langword="null"/> for <see cref="DefaultDatasetFile"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumPassRate"/> is not between 0 and 1.</exception>
    public GoldenDatasetGate(IModelScorerFactory loader, double minimumPassRate, string? datasetFile = null)
    {
        ArgumentNullException.ThrowIfNull(loader);
        if (!(minimumPassRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumPassRate), minimumPassRate, "minimumPassRate must be between 0 and 1.");
        }

        _loader = loader;
        MinimumPassRate = minimumPassRate;
        DatasetFile = string.IsNullOrWhiteSpace(datasetFile) ? DefaultDatasetFile : datasetFile;
    }

    /// <inheritdoc/>
    public string Name => GateType;

    /// <summary>Gets the share of cases that must pass.</summary>
    public double MinimumPassRate { get; }

    /// <summary>Gets the extra file holding the dataset.</summary>
    public string DatasetFile { get; }

    /// <inheritdoc/>
    public async ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var candidate = context.Candidate;
        var threshold = string.Create(CultureInfo.InvariantCulture, $"passRate >= {MinimumPassRate}");
        if (candidate.Flavor != PromptFlavor.FlavorName)
        {
            return GateResult.Fail(Name, $"version {candidate.Version} has flavor '{candidate.Flavor}'; the golden-dataset gate evaluates '{PromptFlavor.FlavorName}' versions", threshold: threshold);
        }

        if (!candidate.ExtraFiles.Any(f => f.Name == DatasetFile))
        {
            return GateResult.Fail(Name, $"version {candidate.Version} has no golden dataset: register it with the extra file '{DatasetFile}'", threshold: threshold);
        }

        Flavors.ILoadedModel loaded;
        try
        {
            loaded = await _loader.LoadAsync(candidate.ModelName, candidate.Version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return GateResult.Fail(Name, $"version {candidate.Version} does not load in this process: {ex.Message}", threshold: threshold);
        }

        await using (loaded.ConfigureAwait(false))
        {
            if (loaded is not PromptLoadedModel prompt || prompt.Invoker.Document is not { } document)
            {
                return GateResult.Fail(Name, $"version {candidate.Version} did not load as a prompt", threshold: threshold);
            }

            var dataset = await ReadDatasetAsync(context.Registry, candidate, document, cancellationToken).ConfigureAwait(false);
            var failures = new List<string>();
            var passed = 0;
            foreach (var goldenCase in dataset.Cases)
            {
                var failure = await RunAsync(prompt.Invoker, goldenCase, cancellationToken).ConfigureAwait(false);
                if (failure is null)
                {
                    passed++;
                }
                else
                {
                    failures.Add($"'{goldenCase.Name}': {failure}");
                }
            }

            var rate = (double)passed / dataset.Cases.Count;
            var figures = new Dictionary<string, double> { ["passRate"] = rate, ["passed"] = passed, ["cases"] = dataset.Cases.Count };
            var summary = string.Create(CultureInfo.InvariantCulture, $"{passed} of {dataset.Cases.Count} golden cases passed (pass rate {rate:0.###}, minimum {MinimumPassRate})");
            var detail = failures.Count == 0 ? string.Empty : $"; failed: {string.Join("; ", failures.Take(5))}{(failures.Count > 5 ? $"; and {failures.Count - 5} more" : string.Empty)}";
            return rate >= MinimumPassRate
                ? GateResult.Pass(Name, summary + detail, figures, threshold)
                : GateResult.Fail(Name, summary + detail, figures, threshold);
        }
    }

    private async Task<GoldenDataset> ReadDatasetAsync(IModelRegistry registry, ModelVersion candidate, PromptDocument document, CancellationToken cancellationToken)
    {
        var stream = await registry.OpenExtraFileAsync(candidate.ModelName, candidate.Version, DatasetFile, cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var errors = new List<PromptError>();
        return GoldenDataset.Parse(buffer.ToArray(), DatasetFile, document.Variables, errors)
            ?? throw new InvalidModelArtifactException(candidate.ModelName, candidate.Version, PromptFlavor.FlavorName, errors[0].Part, string.Join("; ", errors.Select(e => e.Problem)));
    }

    private static async Task<string?> RunAsync(PromptInvoker invoker, GoldenCase goldenCase, CancellationToken cancellationToken)
    {
        PromptOutput output;
        try
        {
            output = await invoker.InvokeAsync(goldenCase.Variables, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModelOpsException or TimeoutException)
        {
            return ex.Message;
        }

        using var json = System.Text.Json.JsonDocument.Parse(PromptLoadedModel.ToJson(output).ToJsonString());
        return goldenCase.Checks.Select(c => c.Run(json.RootElement)).FirstOrDefault(f => f is not null);
    }
}
