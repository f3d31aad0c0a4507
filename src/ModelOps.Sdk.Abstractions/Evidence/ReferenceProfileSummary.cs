namespace ModelOps.Sdk.Evidence;

/// <summary>
/// The part of a reference profile that other packages read: how many rows it was fitted on and which features and outputs it
/// describes. <c>ModelOps.Sdk.Monitoring</c> stores the full profile as a <see cref="DocumentKinds.ReferenceProfile"/> document
/// (<c>SaveReferenceProfileAsync</c>) and builds this summary from it (<c>DataProfile.ToSummary()</c>); governance's
/// reference-profile gate reads it from the stored document with <see cref="EvidenceJson.ReadReferenceProfileSummary"/>.
/// </summary>
/// <param name="SchemaVersion">The schema version of the stored profile.</param>
/// <param name="RowCount">The number of rows profiled.</param>
/// <param name="BadRowCount">How many of them had a data-quality issue.</param>
/// <param name="Features">The names of the profiled input features.</param>
/// <param name="Predictions">The names of the profiled model outputs.</param>
public sealed record ReferenceProfileSummary(
    int SchemaVersion,
    long RowCount,
    long BadRowCount,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> Predictions)
{
    /// <summary>
    /// Gets the typical value of each profiled input feature (the reference median of a numeric feature, the most frequent value of a
    /// categorical or Boolean one), the baseline that occlusion explanations compare decisions with; in the order of <see cref="Features"/>.
    /// </summary>
    public IReadOnlyList<FeatureBaseline> Baselines { get; init; } = [];
}
