namespace ModelOps.Sdk.Evidence;

/// <summary>
/// The typical value of one input feature in a version's reference profile, the baseline occlusion explanations compare each
/// decision's value with (<see cref="ReferenceProfileSummary.Baselines"/>).
/// </summary>
/// <param name="Name">The feature's name, as profiled.</param>
/// <param name="Median">A numeric feature's reference median, estimated from the profile's quantile bins by linear interpolation
/// within the bin that holds the middle value (the grouped-data median); <see langword="null"/> for other kinds or without values.</param>
/// <param name="MostFrequent">A categorical or Boolean feature's most frequent reference value (<c>true</c>/<c>false</c> for a
/// Boolean); <see langword="null"/> for a numeric feature.</param>
public sealed record FeatureBaseline(string Name, double? Median, string? MostFrequent);
