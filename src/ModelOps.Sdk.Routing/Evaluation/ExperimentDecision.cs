using System.Globalization;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>The result of evaluating a challenger against the champion.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Rule">Which rule decided.</param>
/// <param name="Evidence">What the decision rests on.</param>
/// <param name="State">The sequential test's state to pass to the next evaluation.</param>
public sealed record ExperimentDecision(DecisionKind Kind, DecisionRule Rule, DecisionEvidence Evidence, SequentialTestState State)
{
    /// <summary>Gets the decision in one line of plain words with its evidence, as recorded in audit reasons.</summary>
    public string Summary
    {
        get
        {
            var e = Evidence;
            var breaches = string.Join("; ", e.Guardrails.Where(static g => g.Breached).Select(static g => $"{g.Source}: {g.Description}"));
            var srm = e.SampleRatio is { } r ? string.Create(CultureInfo.InvariantCulture, $", SRM p {r.PValue:G4}") : string.Empty;
            var guardrails = breaches.Length > 0 ? $", guardrails: {breaches}" : string.Empty;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{Kind} ({Rule}) for '{e.ChallengerArm}' v{e.ChallengerVersion} vs '{e.ChampionArm}' v{e.ChampionVersion} in experiment '{e.ExperimentName}': {e.Metric} {e.ChallengerMean:G6} vs {e.ChampionMean:G6}, effect {e.EffectEstimate:G4} [{e.ConfidenceLower:G4}, {e.ConfidenceUpper:G4}], always-valid p {e.AlwaysValidPValue:G4} (alpha {e.Alpha:G3}), n {e.ChallengerSamples}/{e.ChampionSamples}{srm}{guardrails}");
        }
    }
}
