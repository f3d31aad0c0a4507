using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Rules.Compilation;
using ModelOps.Sdk.Rules.Definition;

namespace ModelOps.Sdk.Rules;

/// <summary>
/// The <c>rules</c> flavor: decision tables and rule sets written in JSON (the format is described in the repository's
/// <c>docs/flavors/rules.md</c>), checked at registration and compiled to delegates when a predictor is created.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="InspectAsync"/> parses and type-checks the whole rule set and reports every problem in one
/// <see cref="InvalidModelArtifactException"/>: its <see cref="InvalidModelArtifactException.Part"/> names where the first problem
/// is (for example <c>rule 'r7' field 'income'</c>) and its message lists all of them, one per line.
/// </para>
/// <para>
/// Predictors created by the loaded model compile the rules once with System.Linq.Expressions. With the <c>FIRST</c>,
/// <c>UNIQUE</c> and <c>PRIORITY</c> hit policies a decision allocates nothing: the predictor returns one of the output instances
/// it created in advance (one per rule, one for the default), shared by every caller, so treat outputs as read-only.
/// <c>COLLECT</c> creates a new output per call.
/// </para>
/// <para>The flavor is stateless and thread-safe; register it once with <c>builder.AddRules()</c>.</para>
/// </remarks>
public sealed class RulesFlavor : IModelFlavor
{
    /// <summary>The flavor's name, <c>rules</c>: pass it as <see cref="ModelVersionRegistration.Flavor"/>.</summary>
    public const string FlavorName = "rules";

    /// <summary>The newest rule-set format version this library reads; rule sets declare theirs in <c>formatVersion</c>.</summary>
    public const int FormatVersion = RuleSetParser.CurrentFormatVersion;

    /// <inheritdoc />
    public string Name => FlavorName;

    /// <inheritdoc />
    /// <remarks>
    /// The signature lists the inputs and outputs with data types <c>float64</c> (number), <c>int64</c> (integer), <c>string</c>
    /// and <c>bool</c>; a nullable input is optional. With <c>COLLECT</c> and no aggregation the outputs have shape <c>[-1]</c>,
    /// and a <c>COUNT</c> output is <c>int64</c>.
    /// </remarks>
    public ValueTask<FlavorInspection> InspectAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        cancellationToken.ThrowIfCancellationRequested();
        var ruleSet = Read(artifact);
        return ValueTask.FromResult(new FlavorInspection(SignatureOf(ruleSet)));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The artifact has no <see cref="ModelArtifact.Version"/>.</exception>
    public ValueTask<ILoadedModel> LoadAsync(ModelArtifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        cancellationToken.ThrowIfCancellationRequested();
        var version = artifact.Version
            ?? throw new ArgumentException("Only a registered version can be loaded: the artifact has no Version.", nameof(artifact));
        var ruleSet = Read(artifact);
        return ValueTask.FromResult<ILoadedModel>(new LoadedRuleSet(version, ruleSet));
    }

    private static RuleSet Read(ModelArtifact artifact)
    {
        var errors = new List<RuleSetError>();
        var ruleSet = RuleSetParser.Parse(artifact.Content, errors);
        if (ruleSet is not null && errors.Count == 0)
        {
            return ruleSet;
        }

        var problem = errors.Count == 1
            ? errors[0].Problem
            : $"{errors.Count} errors:{string.Concat(errors.Select(e => $"{Environment.NewLine}- {(e.Part is null ? string.Empty : e.Part + ": ")}{e.Problem}"))}";
        throw new InvalidModelArtifactException(artifact.ModelName, artifact.Version?.Version, FlavorName, errors[0].Part, problem);
    }

    private static ModelSignature SignatureOf(RuleSet ruleSet)
    {
        var inputs = ruleSet.Inputs.Select(i => new SignatureField(i.Name, DataType(i.Type), null, i.Nullable)).ToArray();
        var collectsLists = ruleSet.HitPolicy == HitPolicy.Collect && ruleSet.Aggregation == Aggregation.None;
        var outputs = ruleSet.Outputs.Select(o => new SignatureField(
            o.Name,
            ruleSet.Aggregation == Aggregation.Count ? "int64" : DataType(o.Type),
            collectsLists ? [-1] : null)).ToArray();
        return new ModelSignature(inputs, outputs);
    }

    private static string DataType(FieldType type) => type switch
    {
        FieldType.Number => "float64",
        FieldType.Integer => "int64",
        FieldType.String => "string",
        _ => "bool",
    };
}
