namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// Builds an <see cref="ExperimentDefinition"/> fluently. <see cref="Build"/> validates everything at once and reports every
/// problem in one <see cref="InvalidExperimentDefinitionException"/>; a builder can be built once.
/// </summary>
/// <example>
/// <code>
/// var experiment = new ExperimentBuilder("credit-approval", "more-data")
///     .WithChampionAlias("champion", weight: 90)
///     .AddChallengerAlias("bigger", "challenger", weight: 10)
///     .WithStickyAssignment()
///     .Build();
/// </code>
/// </example>
public sealed class ExperimentBuilder
{
    /// <summary>The champion arm's name unless <see cref="WithChampionAlias"/> or <see cref="WithChampionVersion"/> names it.</summary>
    public const string DefaultChampionArmName = "champion";

    private readonly string _modelName;
    private readonly string _name;
    private readonly List<ArmDefinition> _challengers = [];
    private readonly List<RampStep> _ramp = [];
    private readonly List<TargetingRule> _targeting = [];
    private ArmDefinition? _champion;
    private ExperimentMode _mode = ExperimentMode.Split;
    private AssignmentKind _assignment = AssignmentKind.PerCall;
    private string? _salt;
    private double _samplingRate = 1.0;
    private TimeSpan _timeout = TimeSpan.FromSeconds(1);
    private Evaluation.EvaluationPolicy? _evaluation;
    private Statistics.QualityMetricKind _metric = Statistics.QualityMetricKind.BinaryClassification;
    private bool _built;

    /// <summary>Initializes a new instance of the <see cref="ExperimentBuilder"/> class.</summary>
    /// <param name="modelName">The model the experiment routes.</param>
    /// <param name="experimentName">The experiment's name, unique for the model (letters, digits, <c>_</c> and <c>-</c>).</param>
    public ExperimentBuilder(string modelName, string experimentName)
    {
        _modelName = modelName;
        _name = experimentName;
    }

    /// <summary>Serves the champion from an alias, followed as it moves.</summary>
    /// <param name="alias">The alias, for example <c>champion</c>.</param>
    /// <param name="weight">The champion's relative weight with fixed weights.</param>
    /// <param name="armName">The arm's name in prediction ids and statistics.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithChampionAlias(string alias, double weight = 1, string armName = DefaultChampionArmName)
    {
        ThrowIfBuilt();
        _champion = new ArmDefinition(armName, alias, null, weight);
        return this;
    }

    /// <summary>Serves the champion from a pinned version.</summary>
    /// <param name="version">The version.</param>
    /// <param name="weight">The champion's relative weight with fixed weights.</param>
    /// <param name="armName">The arm's name in prediction ids and statistics.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithChampionVersion(int version, double weight = 1, string armName = DefaultChampionArmName)
    {
        ThrowIfBuilt();
        _champion = new ArmDefinition(armName, null, version, weight);
        return this;
    }

    /// <summary>Adds a challenger served from an alias, followed as it moves.</summary>
    /// <param name="armName">The arm's name in prediction ids and statistics.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="weight">The challenger's relative weight.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder AddChallengerAlias(string armName, string alias, double weight = 1)
    {
        ThrowIfBuilt();
        _challengers.Add(new ArmDefinition(armName, alias, null, weight));
        return this;
    }

    /// <summary>Adds a challenger served from a pinned version.</summary>
    /// <param name="armName">The arm's name in prediction ids and statistics.</param>
    /// <param name="version">The version.</param>
    /// <param name="weight">The challenger's relative weight.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder AddChallengerVersion(string armName, int version, double weight = 1)
    {
        ThrowIfBuilt();
        _challengers.Add(new ArmDefinition(armName, null, version, weight));
        return this;
    }

    /// <summary>Assigns each entity key to the same arm every time, in every process (see <see cref="AssignmentKind.Sticky"/>).</summary>
    /// <param name="salt">The salt mixed into the hash; by default the experiment's name.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithStickyAssignment(string? salt = null)
    {
        ThrowIfBuilt();
        _assignment = AssignmentKind.Sticky;
        _salt = salt;
        return this;
    }

    /// <summary>Runs the challengers as shadows: the champion answers every call and a sample is scored by the challengers afterwards.</summary>
    /// <param name="samplingRate">The share of calls shadowed, in (0, 1].</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithShadowMode(double samplingRate = 1.0)
    {
        ThrowIfBuilt();
        _mode = ExperimentMode.Shadow;
        _samplingRate = samplingRate;
        return this;
    }

    /// <summary>Grows the challengers' share step by step instead of using fixed weights.</summary>
    /// <param name="steps">The steps, with increasing shares; each but the last says when it may end.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithRamp(params IEnumerable<RampStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ThrowIfBuilt();
        _ramp.Clear();
        _ramp.AddRange(steps);
        return this;
    }

    /// <summary>Enrolls only calls whose input satisfies a rule (all rules must hold).</summary>
    /// <param name="field">The input property.</param>
    /// <param name="op">The comparison.</param>
    /// <param name="values">The values, written invariantly.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithTargeting(string field, TargetingOperator op, params IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfBuilt();
        _targeting.Add(new TargetingRule(field, op, values.ToArray()));
        return this;
    }

    /// <summary>Sets how long a challenger may take (see <see cref="ExperimentDefinition.ChallengerTimeout"/>).</summary>
    /// <param name="timeout">The timeout.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithChallengerTimeout(TimeSpan timeout)
    {
        ThrowIfBuilt();
        _timeout = timeout;
        return this;
    }

    /// <summary>Sets the task's quality metric, which decides what outcomes record.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithMetric(Statistics.QualityMetricKind metric)
    {
        ThrowIfBuilt();
        _metric = metric;
        return this;
    }

    /// <summary>Stores an evaluation policy with the definition, so every instance evaluates the experiment alike.</summary>
    /// <param name="policy">The policy; its problems are reported by <see cref="Build"/> with the others.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithEvaluation(Evaluation.EvaluationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ThrowIfBuilt();
        _evaluation = policy;
        return this;
    }

    /// <summary>Validates the configuration and creates the definition.</summary>
    /// <returns>The definition, status <see cref="ExperimentStatus.Running"/> at ramp step 0.</returns>
    /// <exception cref="InvalidExperimentDefinitionException">Something is invalid; every problem is listed.</exception>
    /// <exception cref="InvalidOperationException">The builder was already built.</exception>
    public ExperimentDefinition Build()
    {
        ThrowIfBuilt();
        var errors = new List<string>();
        if (_champion is null)
        {
            errors.Add("Champion: is required (call WithChampionAlias or WithChampionVersion)");
        }

        var definition = new ExperimentDefinition
        {
            Name = _name,
            ModelName = _modelName,
            Champion = _champion ?? new ArmDefinition(DefaultChampionArmName, "champion", null, 1),
            Challengers = _challengers.ToArray(),
            Mode = _mode,
            Assignment = _assignment,
            Salt = _salt ?? _name ?? string.Empty,
            RampSteps = _ramp.ToArray(),
            Targeting = _targeting.ToArray(),
            ShadowSamplingRate = _samplingRate,
            ChallengerTimeout = _timeout,
            Metric = _metric,
            Evaluation = _evaluation,
        };
        errors.AddRange(ExperimentValidator.Validate(definition));
        if (errors.Count > 0)
        {
            throw new InvalidExperimentDefinitionException(_modelName, _name, errors);
        }

        _built = true;
        return definition;
    }

    private void ThrowIfBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This ExperimentBuilder has already built its definition; create a new builder.");
        }
    }
}
