namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// How a monitored feature (an input column or a model output) is profiled and compared.
/// </summary>
public enum FeatureKind
{
    /// <summary>A number: moments, and a histogram over bins whose edges are the reference quantiles.</summary>
    Numeric,

    /// <summary>A category (a string or an enum): the reference's top categories, an "other" bucket and an "unseen" bucket.</summary>
    Categorical,

    /// <summary>A boolean: a false bin and a true bin; its moments are those of 0 and 1 (the mean is the share of true).</summary>
    Boolean,
}
