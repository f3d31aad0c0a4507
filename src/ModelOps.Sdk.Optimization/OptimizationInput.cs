namespace ModelOps.Sdk.Optimization;

/// <summary>
/// The parameter values of one solve, by parameter name (ordinal, case-sensitive). A parameter left out takes its default; a
/// required parameter (one without a default) must be given.
/// </summary>
/// <example><code>var input = new OptimizationInput { Parameters = { ["woodAvailable"] = 90, ["profitChair"] = 25 } };</code></example>
public sealed class OptimizationInput
{
    /// <summary>Gets the parameter values by name.</summary>
    public IDictionary<string, double> Parameters { get; } = new Dictionary<string, double>(StringComparer.Ordinal);
}
