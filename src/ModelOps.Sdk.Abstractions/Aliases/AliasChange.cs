namespace ModelOps.Sdk;

/// <summary>
/// One change of an alias: an entry of its history and an item of a watch stream.
/// </summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="Kind">What happened.</param>
/// <param name="PreviousVersion">The version the alias pointed to before, or <see langword="null"/> if it did not exist.</param>
/// <param name="Version">The version it points to after, or <see langword="null"/> if it was deleted.</param>
/// <param name="Timestamp">When the change was committed.</param>
/// <param name="Sequence">
/// The registry-wide, strictly increasing sequence number of the change; a subscriber can skip what it has seen and notice gaps.
/// </param>
/// <param name="Actor">The name of the principal that made the change.</param>
/// <param name="Reason">Why, if the caller said.</param>
public sealed record AliasChange(
    string ModelName,
    string Alias,
    AliasChangeKind Kind,
    int? PreviousVersion,
    int? Version,
    DateTimeOffset Timestamp,
    long Sequence,
    string Actor,
    string? Reason);
