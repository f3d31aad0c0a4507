namespace ModelOps.Sdk.Governance.Gates;

/// <summary>The outcome of one gate for one version.</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Passed">Whether the version passed (or the failure was overridden, see <see cref="OverriddenBy"/>).</param>
/// <param name="Reason">Why, in words that name the figures, for example <c>auc 0.78 is below the minimum 0.80</c>.</param>
/// <param name="Figures">The values the gate compared, by name.</param>
/// <param name="Threshold">The threshold as configured, for example <c>auc &gt;= 0.80</c>, or <see langword="null"/>.</param>
/// <param name="OverriddenBy">Who overrode a failure of this gate for this version, with an audited reason, or <see langword="null"/>.</param>
public sealed record GateResult(string Gate, bool Passed, string Reason, IReadOnlyDictionary<string, double> Figures, string? Threshold, string? OverriddenBy = null)
{
    /// <summary>A passed result.</summary>
    /// <param name="gate">The gate's name.</param>
    /// <param name="reason">Why it passed.</param>
    /// <param name="figures">The values compared.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The result.</returns>
    public static GateResult Pass(string gate, string reason, IReadOnlyDictionary<string, double>? figures = null, string? threshold = null) =>
        new(gate, true, reason, figures ?? new Dictionary<string, double>(), threshold);

    /// <summary>A failed result.</summary>
    /// <param name="gate">The gate's name.</param>
    /// <param name="reason">Why it failed, naming the figures.</param>
    /// <param name="figures">The values compared.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The result.</returns>
    public static GateResult Fail(string gate, string reason, IReadOnlyDictionary<string, double>? figures = null, string? threshold = null) =>
        new(gate, false, reason, figures ?? new Dictionary<string, double>(), threshold);
}
