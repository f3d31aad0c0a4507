using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>
/// The table of contents of a model bundle (<c>manifest.json</c>): what it holds, where it came from, and the SHA-256 of every
/// other entry, so any change to the bundle is found and named on import.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>The bundle format this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Gets the bundle format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Gets the name of the registry the bundle was exported from (<see cref="ModelBundleOptions.RegistryName"/>).</summary>
    public required string SourceRegistry { get; init; }

    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the versions the bundle holds, in ascending order.</summary>
    public required IReadOnlyList<BundleVersion> Versions { get; init; }

    /// <summary>Gets when the bundle was written (UTC).</summary>
    public required DateTimeOffset ExportedAt { get; init; }

    /// <summary>Gets who exported it.</summary>
    public required string ExportedBy { get; init; }

    /// <summary>Gets the anchor of the model's audit chain at export: its length and head hash (and signature, if signed).</summary>
    public required AuditAnchor AuditAnchor { get; init; }

    /// <summary>Gets the SHA-256 (lowercase hexadecimal) of every other entry of the bundle, by entry name.</summary>
    public required IReadOnlyDictionary<string, string> Entries { get; init; }
}
