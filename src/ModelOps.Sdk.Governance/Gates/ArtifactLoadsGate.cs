using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Passes when the candidate's artifact passes its SHA-256 check and loads with its flavor in the process evaluating the gate
/// (gate type <c>artifact-loads</c>, no parameters). A flavor this process does not load fails the gate: the load cannot be shown.
/// </summary>
/// <remarks>
/// Its failure cannot be overridden (<see cref="IGovernanceService.OverrideGateAsync"/> is ignored for it), so a version that does
/// not load is never approved through an override. To also score the registered input example, use
/// <see cref="InputExampleScoresGate"/> (gate type <c>input-example-scores</c>, as JSON with no CLR types), or
/// <see cref="InputExampleGate{TInput, TOutput}"/> in a host that knows the model's input and output types.
/// </remarks>
public sealed class ArtifactLoadsGate : IPromotionGate
{
    /// <summary>The gate's name in reports.</summary>
    public const string GateName = "artifact-loads";

    private readonly IModelScorerFactory _loader;

    /// <summary>Initializes a new instance of the <see cref="ArtifactLoadsGate"/> class.</summary>
    /// <param name="loader">Loads versions with the flavors registered in this process.</param>
    public ArtifactLoadsGate(IModelScorerFactory loader)
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
        var (loaded, failure) = await CandidateLoad.TryLoadAsync(_loader, Name, candidate, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        await loaded!.DisposeAsync().ConfigureAwait(false);
        return GateResult.Pass(Name, $"the artifact (SHA-256 {candidate.Artifact.Sha256}) loads with flavor '{candidate.Flavor}'");
    }
}
