using System.Text.Json;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Passes when the candidate's artifact passes its SHA-256 check, loads with its flavor in the process evaluating the gate, and
/// scores its registered input example through <see cref="IJsonScoringModel.ScoreJson"/> (gate type <c>input-example-scores</c>,
/// no parameters). Unlike <see cref="InputExampleGate{TInput, TOutput}"/> it needs no CLR types, so any process can evaluate it
/// from a stored policy: a host, or the <c>modelops</c> tool.
/// </summary>
/// <remarks>
/// <para>
/// It fails when the version has no input example, when the example is not JSON, when the artifact does not load (or its flavor
/// is not loaded in this process), when the loaded model does not implement <see cref="IJsonScoringModel"/> (a custom flavor that
/// has not opted in), and when scoring throws; the reason carries the flavor's message.
/// </para>
/// <para>
/// It proves that the example's values go through the model and produce outputs; it does not check the outputs' values (use
/// metric and validation gates for that), and it scores one input only. Like <see cref="ArtifactLoadsGate"/>, its failure cannot
/// be overridden.
/// </para>
/// </remarks>
public sealed class InputExampleScoresGate : IPromotionGate
{
    /// <summary>The gate's name in reports.</summary>
    public const string GateName = "input-example-scores";

    private readonly IModelScorerFactory _loader;

    /// <summary>Initializes a new instance of the <see cref="InputExampleScoresGate"/> class.</summary>
    /// <param name="loader">Loads versions with the flavors registered in this process.</param>
    public InputExampleScoresGate(IModelScorerFactory loader)
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

        JsonDocument example;
        try
        {
            example = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return GateResult.Fail(Name, $"the input example of version {candidate.Version} is not JSON: {ex.Message}");
        }

        using (example)
        {
            var (loaded, failure) = await CandidateLoad.TryLoadAsync(_loader, Name, candidate, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            await using (loaded!.ConfigureAwait(false))
            {
                if (loaded is not IJsonScoringModel scoring)
                {
                    return GateResult.Fail(Name, $"flavor '{candidate.Flavor}' loads version {candidate.Version} but cannot score JSON (its loaded model does not implement IJsonScoringModel), so the input example cannot be scored in this process");
                }

                try
                {
                    var outputs = scoring.ScoreJson(example.RootElement);
                    return GateResult.Pass(Name, $"the input example scores with flavor '{candidate.Flavor}' (outputs {string.Join(", ", outputs.Select(o => o.Key))})");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return GateResult.Fail(Name, $"the input example of version {candidate.Version} does not score with flavor '{candidate.Flavor}': {ex.Message}");
                }
            }
        }
    }
}
