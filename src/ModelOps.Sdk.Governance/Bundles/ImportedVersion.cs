namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>How one version of a bundle landed in the target registry.</summary>
/// <param name="SourceVersion">Its number in the source registry.</param>
/// <param name="TargetVersion">Its number in this registry (the next free number; numbering stays gapless).</param>
/// <param name="AlreadyImported">Whether an earlier import of the same bundle had already registered it (the import is idempotent).</param>
public sealed record ImportedVersion(int SourceVersion, int TargetVersion, bool AlreadyImported);
