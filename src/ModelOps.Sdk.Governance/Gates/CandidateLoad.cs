using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>Loads a gate's candidate with the process's flavors, turning a load failure into the gate's failure with one wording.</summary>
internal static class CandidateLoad
{
    /// <returns>The loaded model (the caller disposes it), or the gate's failure when the artifact does not load.</returns>
    public static async ValueTask<(ILoadedModel? Loaded, GateResult? Failure)> TryLoadAsync(
        IModelScorerFactory loader, string gateName, ModelVersion candidate, CancellationToken cancellationToken)
    {
        try
        {
            return (await loader.LoadAsync(candidate.ModelName, candidate.Version, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, GateResult.Fail(gateName, $"the artifact of version {candidate.Version} does not load with flavor '{candidate.Flavor}': {ex.Message}"));
        }
    }
}
