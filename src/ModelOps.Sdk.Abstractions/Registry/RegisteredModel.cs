namespace ModelOps.Sdk;

/// <summary>
/// A summary of a model in the registry.
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="LatestVersion">The highest version number given so far.</param>
/// <param name="Aliases">The model's aliases and the version each points to.</param>
/// <param name="CreatedAt">When the first version was registered.</param>
/// <param name="UpdatedAt">When the model last changed.</param>
public sealed record RegisteredModel(
    string Name,
    int LatestVersion,
    IReadOnlyDictionary<string, int> Aliases,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
