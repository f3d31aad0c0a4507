using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Optimization;

/// <summary>
/// Options of the optimization flavor: which OR-Tools solver runs linear and mixed-integer models, and how long a solve may take.
/// </summary>
/// <remarks>
/// Configure them with <c>builder.AddOptimization(o =&gt; ...)</c>, or bind them from configuration section
/// <see cref="SectionName"/>. They are validated when the flavor is first resolved (and on start when a host runs).
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class OptimizationFlavorOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Flavors:Optimization</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Flavors:Optimization";

    /// <summary>The longest <see cref="TimeLimit"/> accepted: one day.</summary>
    public static readonly TimeSpan MaxTimeLimit = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets the wall-clock limit of one solve, the registration's smoke solve included. A solve it stops ends with
    /// <see cref="SolverStatus.TimeLimitReached"/> (a result, not an exception). Between 1 millisecond and <see cref="MaxTimeLimit"/>.
    /// </summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the OR-Tools solver for models with integer or binary variables: <c>SCIP</c>, <c>CBC</c> or <c>SAT</c> (CP-SAT,
    /// which needs integer coefficients). Case-insensitive.
    /// </summary>
    /// <value>The default value is <c>SCIP</c>.</value>
    [Required]
    public string MipSolver { get; set; } = "SCIP";

    /// <summary>
    /// Gets or sets the OR-Tools solver for models with continuous variables only: <c>GLOP</c>, <c>CLP</c>, <c>PDLP</c>, or one of
    /// the MIP solvers. Case-insensitive.
    /// </summary>
    /// <value>The default value is <c>GLOP</c>.</value>
    [Required]
    public string LpSolver { get; set; } = "GLOP";
}
