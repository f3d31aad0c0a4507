namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>One version in a bundle.</summary>
/// <param name="Version">Its number in the source registry.</param>
/// <param name="ArtifactSha256">Its artifact's SHA-256.</param>
/// <param name="Documents">How many documents attached to it the bundle holds.</param>
public sealed record BundleVersion(int Version, string ArtifactSha256, int Documents);
