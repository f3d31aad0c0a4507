using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Routing.Replay;

/// <summary>
/// How <see cref="IDecisionReplayer"/> compares a replayed output with the logged one, bound from configuration section
/// <c>ModelOps:Routing:Replay</c>.
/// </summary>
/// <remarks>
/// ML.NET and ONNX Runtime may give floating-point results that differ in the last bits from one CPU to another (vectorized code
/// paths, fused multiply-add), so floating-point fields of those flavors compare within a tolerance: two numbers a and b agree when
/// |a - b| &lt;= max(<see cref="RelativeTolerance"/> * max(|a|, |b|), <see cref="AbsoluteTolerance"/>), the rule of Python's
/// <c>math.isclose</c> (PEP 485). Strings, Booleans, nulls and integers (such as a decision label or a class index) compare
/// exactly, and so does every field of a <c>rules</c> model.
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class DecisionReplayOptions
{
    /// <summary>The configuration section these options bind from, relative to the <c>ModelOps</c> section: <c>ModelOps:Routing:Replay</c>.</summary>
    public const string SectionName = "Routing:Replay";

    /// <summary>Gets or sets the relative tolerance of floating-point fields; 0 or more, below 1.</summary>
    /// <value>The default value is 1e-6.</value>
    public double RelativeTolerance { get; set; } = 1e-6;

    /// <summary>Gets or sets the absolute tolerance of floating-point fields, for values near zero; 0 or more.</summary>
    /// <value>The default value is 0.</value>
    public double AbsoluteTolerance { get; set; }

    /// <summary>
    /// Gets or sets whether a replay also explains the decision with the replayed version (<see cref="DecisionReplay.Explanation"/>).
    /// It costs what the version's explanation costs: nothing more for rules and ML.NET contributions, the number of inputs plus two
    /// scores for occlusion.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Explain { get; set; } = true;
}
