namespace ModelOps.Sdk.Scoring;

/// <summary>
/// Which model version produced a prediction, for audit: one instance per loaded version, so carrying it costs nothing per call.
/// </summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="Version">The version number.</param>
/// <param name="ArtifactSha256">The SHA-256 of the artifact that was loaded.</param>
/// <param name="Flavor">The flavor that loaded it.</param>
public sealed record ServedModel(string ModelName, int Version, string ArtifactSha256, string Flavor);
