namespace ModelOps.Sdk;

/// <summary>Where an imported version came from: the source registry, model and version, and the artifact's hash there.</summary>
/// <param name="Registry">The source registry's name, as its bundle recorded it.</param>
/// <param name="ModelName">The model's name in the source registry.</param>
/// <param name="Version">The version's number in the source registry.</param>
/// <param name="ArtifactSha256">The artifact's SHA-256 (the same in both registries: artifacts are content-addressed).</param>
public sealed record ModelOrigin(string Registry, string ModelName, int Version, string ArtifactSha256);
