namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// One arm of an experiment: a name and the model version it serves, given as an alias (followed as it moves) or a pinned version.
/// </summary>
/// <param name="Name">The arm's name, unique in the experiment (letters, digits, <c>_</c> and <c>-</c>; at most 64 characters).</param>
/// <param name="Alias">The alias the arm follows, or <see langword="null"/> when <paramref name="Version"/> is given.</param>
/// <param name="Version">The pinned version, or <see langword="null"/> when <paramref name="Alias"/> is given.</param>
/// <param name="Weight">
/// The arm's relative weight: with fixed weights an arm's share is its weight divided by the sum of all weights (90 and 10 make
/// 90% and 10%); under a ramp the challengers' weights divide the step's challenger share between them and the champion's is ignored.
/// </param>
public sealed record ArmDefinition(string Name, string? Alias, int? Version, double Weight)
{
    /// <summary>Describes what the arm serves, for messages: <c>alias 'champion'</c> or <c>version 7</c>.</summary>
    /// <returns>The description.</returns>
    public string DescribeTarget() => Alias is not null ? $"alias '{Alias}'" : $"version {Version}";
}
