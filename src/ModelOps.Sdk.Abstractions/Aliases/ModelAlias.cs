namespace ModelOps.Sdk;

/// <summary>
/// A named pointer (for example <c>champion</c> or <c>challenger</c>) to one version of a model.
/// </summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="Version">The version it points to.</param>
/// <param name="UpdatedAt">When it was last set, moved or rolled back.</param>
/// <param name="Sequence">The registry-wide sequence number of that change.</param>
public sealed record ModelAlias(string ModelName, string Alias, int Version, DateTimeOffset UpdatedAt, long Sequence);
