using Microsoft.Extensions.Options;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Optimization.Definition;
using ModelOps.Sdk.Optimization.Scoring;
using ModelOps.Sdk.Optimization.Solving;

namespace ModelOps.Sdk.Optimization;

/// <summary>
/// The <c>optimization</c> flavor: linear and mixed-integer models with named parameters, variables and constraints, written in
/// the flavor's JSON format or as an MPS file with parameters bound by name (both described in the repository's
/// <c>docs/flavors/optimization.md</c>), solved in process with Google OR-Tools' linear solver.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="InspectAsync"/> parses the document, checks that every name it references resolves, and solves a smoke instance (the
/// parameters' <c>example</c> values, else their defaults): a model that does not parse, or whose smoke instance is not solved to a
/// feasible solution within <see cref="OptimizationFlavorOptions.TimeLimit"/>, is refused with an
/// <see cref="InvalidModelArtifactException"/> whose <see cref="InvalidModelArtifactException.Part"/> names the first problem (a
/// JSON line, a field such as <c>constraint 'wood' rhs</c>, or <c>smoke solve</c>) and whose message lists all of them.
/// </para>
/// <para>
/// The signature's inputs are the parameters (<c>float64</c>; those with a default are optional); its outputs are one
/// <c>float64</c> per variable, then <c>objective</c> (<c>float64</c>), <c>status</c> (<c>string</c>, a <see cref="SolverStatus"/>
/// name) and <c>solveTimeMs</c> (<c>float64</c>).
/// </para>
/// <para>
/// Predictors read <see cref="OptimizationInput"/> or any class whose properties are named after parameters, and write
/// <see cref="OptimizationResult"/> or any class whose properties are named after outputs. Each call builds and solves its own
/// OR-Tools solver, so predictors are thread-safe. Infeasible, unbounded and time-limited solves are results
/// (<see cref="OptimizationResult.Status"/>); malformed inputs are <see cref="InvalidModelInputException"/> naming the parameter.
/// </para>
/// <para>The flavor is stateless and thread-safe; register it once with <c>builder.AddOptimization()</c>.</para>
/// </remarks>
public sealed class OptimizationFlavor : IModelFlavor
{
    /// <summary>The flavor's name, <c>optimization</c>: pass it as <see cref="ModelVersionRegistration.Flavor"/>.</summary>
    public const string FlavorName = "optimization";

    /// <summary>The newest document format version this library reads; documents declare theirs in <c>formatVersion</c>.</summary>
    public const int FormatVersion = ModelDocumentParser.CurrentFormatVersion;

    private readonly OptimizationFlavorOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="OptimizationFlavor"/> class.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock that measures solve times.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OptimizationFlavor(IOptions<OptimizationFlavorOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = options.Value;
        OptimizationFlavorOptionsValidator.ThrowIfInvalid(value);

        // Copied so that later changes to the instance cannot reach models loaded afterwards.
        _options = new OptimizationFlavorOptions { TimeLimit = value.TimeLimit, MipSolver = value.MipSolver, LpSolver = value.LpSolver };
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public string Name => FlavorName;

    /// <inheritdoc />
    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        cancellationToken.ThrowIfCancellationRequested();
        var model = Read(artifact);
        var solver = new ModelSolver(model, _options, _timeProvider);
        var smoke = solver.Solve(model.SmokeValues());
        if (smoke.Status is not (SolverStatus.Optimal or SolverStatus.Feasible))
        {
            var hint = smoke.Status == SolverStatus.TimeLimitReached
                ? $"; raise OptimizationFlavorOptions.TimeLimit (now {_options.TimeLimit}) or simplify the model"
                : "; check the parameters' default and example values, which the smoke instance uses";
            throw new InvalidModelArtifactException(
                artifact.ModelName, artifact.Version?.Version, FlavorName, "smoke solve",
                $"the smoke instance did not solve: {solver.SolverId} ended with status {smoke.Status}{hint}");
        }

        return ValueTask.FromResult(new FlavorInspection(SignatureOf(model)));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The artifact has no <see cref="ModelArtifact.Version"/>.</exception>
    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        cancellationToken.ThrowIfCancellationRequested();
        var version = artifact.Version
            ?? throw new ArgumentException("Only a registered version can be loaded: the artifact has no Version.", nameof(artifact));
        var model = Read(artifact);
        return ValueTask.FromResult<ILoadedModel>(new OptimizationLoadedModel(version, new ModelSolver(model, _options, _timeProvider)));
    }

    private static LinearModel Read(ModelArtifact artifact)
    {
        var errors = new List<ModelError>();
        var model = ModelDocumentParser.Parse(artifact.Content, artifact.ExtraFiles, errors);
        if (model is not null && errors.Count == 0)
        {
            return model;
        }

        var problem = errors.Count == 1
            ? errors[0].Problem
            : $"{errors.Count} errors:{string.Concat(errors.Select(e => $"{Environment.NewLine}- {(e.Part is null ? string.Empty : e.Part + ": ")}{e.Problem}"))}";
        throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, FlavorName, errors[0].Part, problem);
    }

    private static ModelSignature SignatureOf(LinearModel model)
    {
        var inputs = model.Parameters.Select(p => new SignatureField(p.Name, "float64", null, p.Default is not null)).ToArray();
        SignatureField[] outputs =
        [
            .. model.Variables.Select(v => new SignatureField(v.Name, "float64")),
            new("objective", "float64"),
            new("status", "string"),
            new("solveTimeMs", "float64"),
        ];
        return new ModelSignature(inputs, outputs);
    }
}
