namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>What an import did.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="SourceRegistry">The registry the bundle came from.</param>
/// <param name="Versions">Each version's number in the source and here.</param>
public sealed record BundleImportResult(string ModelName, string SourceRegistry, IReadOnlyList<ImportedVersion> Versions);
