using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// What a version of a model must show before it may be approved, and so before a protected alias may point to it.
/// </summary>
/// <example>
/// <code>
/// options.DefaultPolicy.Gates.Add(new MetricThresholdGate("auc", minimum: 0.80));
/// options.DefaultPolicy.Gates.Add(new ChampionComparisonGate("auc", higherIsBetter: true, maximumDegradation: 0.01));
/// options.DefaultPolicy.RequiredApprovals = 2;
/// </code>
/// </example>
public sealed class PromotionPolicy
{
    /// <summary>Gets the gates, evaluated in order (together with every gate registered through DI).</summary>
    public IList<IPromotionGate> Gates { get; } = [];

    /// <summary>Gets or sets how many distinct approvers, none of them the registrant, a version needs. Default 1.</summary>
    public int RequiredApprovals { get; set; } = 1;
}
