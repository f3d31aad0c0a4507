using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Assignment;

/// <summary>
/// The split of traffic a definition asks for now: each challenger's share, and where its region of the unit interval starts.
/// </summary>
/// <remarks>
/// Each challenger owns a fixed region of [0, 1) as wide as the largest share it can ever have under the definition (its fixed
/// weight, or its part of the last ramp step), and its current share fills that region from the start. A call whose assignment
/// point falls in the filled part goes to the challenger; every other point goes to the champion. Because regions never move
/// and a growing share only extends the filled part, growing a share never moves an entity off a challenger. Only a rollback cap
/// (or a new definition with other arms or shares) shrinks a filled part.
/// </remarks>
internal sealed class TrafficPlan
{
    private TrafficPlan(double[] starts, double[] shares)
    {
        RegionStarts = starts;
        ChallengerShares = shares;
        var total = 0.0;
        foreach (var share in shares)
        {
            total += share;
        }

        ChampionShare = Math.Max(0, 1 - total);
    }

    public double[] RegionStarts { get; }

    public double[] ChallengerShares { get; }

    public double ChampionShare { get; }

    public static TrafficPlan From(ExperimentDefinition definition)
    {
        var count = definition.Challengers.Count;
        var starts = new double[count];
        var shares = new double[count];
        if (definition.Mode == ExperimentMode.Shadow || definition.Status is ExperimentStatus.Aborted or ExperimentStatus.Concluded)
        {
            // Regions keep their place so the layout does not depend on the status; nothing is filled.
            FillRegions(definition, starts);
            return new TrafficPlan(starts, shares);
        }

        var maxima = FillRegions(definition, starts);
        var currentTotal = definition.RampSteps.Count == 0
            ? Sum(maxima)
            : definition.RampSteps[Math.Clamp(definition.RampStep, 0, definition.RampSteps.Count - 1)].ChallengerShare;
        var maxTotal = Sum(maxima);
        var scale = maxTotal > 0 ? currentTotal / maxTotal : 0;
        if (definition.ChallengerShareLimit is { } limit && currentTotal > limit)
        {
            scale = maxTotal > 0 ? limit / maxTotal : 0;
        }

        for (var i = 0; i < count; i++)
        {
            shares[i] = maxima[i] * scale;
        }

        return new TrafficPlan(starts, shares);
    }

    /// <summary>Lays the challengers' regions out one after another from 0 and returns each one's largest share.</summary>
    private static double[] FillRegions(ExperimentDefinition definition, double[] starts)
    {
        var count = definition.Challengers.Count;
        var maxima = new double[count];
        var challengerWeight = 0.0;
        foreach (var arm in definition.Challengers)
        {
            challengerWeight += arm.Weight;
        }

        var allWeight = challengerWeight + definition.Champion.Weight;
        var finalShare = definition.RampSteps.Count == 0 ? 0 : definition.RampSteps[^1].ChallengerShare;
        var next = 0.0;
        for (var i = 0; i < count; i++)
        {
            var weight = definition.Challengers[i].Weight;
            maxima[i] = definition.RampSteps.Count == 0
                ? (allWeight > 0 ? weight / allWeight : 0)
                : (challengerWeight > 0 ? finalShare * weight / challengerWeight : 0);
            starts[i] = next;
            next += maxima[i];
        }

        return maxima;
    }

    private static double Sum(double[] values)
    {
        var total = 0.0;
        foreach (var value in values)
        {
            total += value;
        }

        return total;
    }
}
