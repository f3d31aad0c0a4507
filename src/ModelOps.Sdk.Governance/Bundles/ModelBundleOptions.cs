using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Governance.Bundles;

/// <summary>Options of model bundles.</summary>
[ModelOpsOptionsSection(SectionName)]
public sealed class ModelBundleOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Bundles</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Bundles";

    /// <summary>
    /// Gets or sets this registry's name, written into the bundles it exports and into the lineage of versions imported from them
    /// (for example <c>dev-eu</c> or <c>prod</c>). Default: the machine name.
    /// </summary>
    public string RegistryName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Gets or sets whether an import also checks the audit entries' signatures with this registry's signer (which must then hold
    /// the source's key). Hashes, links and the anchor are always checked. Default <see langword="false"/>.
    /// </summary>
    public bool RequireSignatures { get; set; }
}
