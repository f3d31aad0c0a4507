using System.Text.Json;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Passes when the candidate loads with its flavor, a predictor from <typeparamref name="TInput"/> to <typeparamref name="TOutput"/>
/// can be created (the signature matches the types), and the version's registered input example (read as
/// <typeparamref name="TInput"/> with web JSON defaults, as a scorer reads it) scores. A version without an input example fails.
/// </summary>
/// <typeparam name="TInput">The model's input type, as the application scores it.</typeparam>
/// <typeparam name="TOutput">The model's output type.</typeparam>
/// <remarks>
/// Add it to a model's configured policy in the host that knows the types
/// (<c>options.Policies["credit"] = new PromotionPolicy { Gates = { new InputExampleGate&lt;Applicant, Decision&gt;(loader) } }</c>).
/// Like <see cref="ArtifactLoadsGate"/>, its failure cannot be overridden.
/// </remarks>
public sealed class InputExampleGate<TInput, TOutput> : IPromotionGate
    where TInput : class
    where TOutput : class
{
    /// <summary>The gate's name in reports.</summary>
    public const string GateName = "input-example";

    private static readonly JsonSerializerOptions ExampleOptions = new(JsonSerializerDefaults.Web);
    private readonly IModelScorerFactory _loader;

    /// <summary>Initializes a new instance of the <see cref="InputExampleGate{TInput, TOutput}"/> class.</summary>
    /// <param name="loader">Loads versions with the flavors registered in this process.</param>
    public InputExampleGate(IModelScorerFactory loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _loader = loader;
    }

    /// <inheritdoc/>
    public string Name => GateName;

    /// <inheritdoc/>
    public async ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var candidate = context.Candidate;
        if (candidate.InputExample is not { } json)
        {
            return GateResult.Fail(Name, $"version {candidate.Version} has no registered input example to score");
        }

        try
        {
            var loaded = await _loader.LoadAsync(candidate.ModelName, candidate.Version, cancellationToken).ConfigureAwait(false);
            await using (loaded.ConfigureAwait(false))
            {
                var predictor = loaded.CreatePredictor<TInput, TOutput>();
                var example = JsonSerializer.Deserialize<TInput>(json, ExampleOptions)
                    ?? throw new JsonException($"the input example is null, not a {typeof(TInput).Name}");
                _ = predictor.Predict(example);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return GateResult.Fail(Name, $"the input example of version {candidate.Version} does not score as {typeof(TInput).Name} → {typeof(TOutput).Name}: {ex.Message}");
        }

        return GateResult.Pass(Name, $"the input example scores as {typeof(TInput).Name} → {typeof(TOutput).Name}");
    }
}
