using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>
/// Runs an Azure Pipelines pipeline's stages, jobs and <c>script</c> steps on this machine the way a Linux agent does: template
/// expressions (<c>${{ parameters.x }}</c>) and macros (<c>$(name)</c>) substituted before bash sees the script; stages in order with
/// <c>dependsOn</c> (default: the previous stage) and <c>condition</c> (default: the dependencies succeeded); non-secret variables
/// mapped into the environment, secrets only through a step's <c>env</c>; scripts run as <c>bash --noprofile --norc &lt;file&gt;</c>
/// (no <c>-e</c>: the step fails only if the script's last command fails); <c>##vso[task.setvariable ...;isOutput=true]</c> read
/// back as output variables for <c>$(step.name)</c> and <c>stageDependencies</c>. Tasks (SDK setup, the ManualValidation human
/// approval) and checkouts are the platform's and are taken as done; <c>publish</c> checks that its file exists.
/// </summary>
internal sealed partial class AzurePipelinesRun(
    YamlMappingNode pipeline, PipelineWorkspace workspace, IReadOnlyDictionary<string, string> arguments, IReadOnlyDictionary<string, string> variableGroup, string buildId)
{
    public const string RequestedFor = "Jane Reviewer";

    private readonly Dictionary<string, Dictionary<string, string>> _jobOutputs = new(StringComparer.OrdinalIgnoreCase); // "stage.job" -> outputs

    /// <summary>Gets the MODELOPS_ variables of the document's store (PostgreSQL, S3) that the run replaced by the local store.</summary>
    public SortedSet<string> ReplacedStoreVariables { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the agent's staging directory (<c>$(Build.ArtifactStagingDirectory)</c>).</summary>
    public string ArtifactStagingDirectory { get; } = Path.Combine(workspace.Root, "staging-" + buildId);

    public async Task<PipelineRun> RunAsync()
    {
        workspace.FreshCheckout();
        Directory.CreateDirectory(ArtifactStagingDirectory);
        var steps = new List<StepRun>();
        var pipelineVariables = Variables(pipeline.Child("variables"), secret: false);
        var results = new Dictionary<string, bool?>(StringComparer.OrdinalIgnoreCase);
        string? previous = null;
        foreach (var stage in pipeline.Sequence("stages").Mappings())
        {
            string name = stage.Scalar("stage")!;
            var dependsOn = stage.Names("dependsOn") ?? (previous is null ? [] : [previous]);
            previous = name;
            bool run = stage.Scalar("condition") is { } condition
                ? Condition(Template(condition), dependsOn.Select(d => results[d]))
                : dependsOn.TrueForAll(d => results[d] == true);
            var variables = new Dictionary<string, (string Value, bool Secret)>(pipelineVariables, StringComparer.OrdinalIgnoreCase);
            if (run)
            {
                foreach (var (key, value) in Variables(stage.Child("variables"), secret: false))
                {
                    variables[key] = (RuntimeExpression(value.Value), false);
                }
            }

            bool failed = false;
            var jobResults = new Dictionary<string, bool?>(StringComparer.OrdinalIgnoreCase);
            foreach (var job in stage.Sequence("jobs").Mappings())
            {
                string jobName = job.Scalar("job") ?? job.Scalar("deployment")!;
                bool jobRuns = run && (job.Names("dependsOn") ?? []).TrueForAll(d => jobResults[d] == true);
                var jobSteps = job.Child("steps") is YamlSequenceNode direct
                    ? direct
                    : job.Mapping("strategy").Mapping("runOnce").Mapping("deploy").Sequence("steps");
                bool jobFailed = false;
                var outputs = _jobOutputs[$"{name}.{jobName}"] = new(StringComparer.OrdinalIgnoreCase);
                foreach (var step in jobSteps.Mappings())
                {
                    string stepName = StepName(step);
                    bool stepRuns = jobRuns && (step.Scalar("condition") is not { } stepCondition
                        ? !jobFailed
                        : Condition(Template(stepCondition), [!jobFailed]));
                    if (!stepRuns)
                    {
                        steps.Add(new StepRun(jobName, stepName, StepStatus.Skipped, null, string.Empty, string.Empty));
                        continue;
                    }

                    var result = await RunStepAsync(step, variables, outputs);
                    jobFailed |= result.Status == StepStatus.Failed;
                    steps.Add(result with { Job = jobName, Name = stepName });
                }

                jobResults[jobName] = jobRuns ? !jobFailed : null;
                failed |= jobFailed;
            }

            results[name] = run ? !failed : null;
        }

        return new PipelineRun(steps);
    }

    private async Task<StepRun> RunStepAsync(YamlMappingNode step, Dictionary<string, (string Value, bool Secret)> variables, Dictionary<string, string> outputs)
    {
        if (step.Scalar("publish") is { } published)
        {
            string path = Macros(published, variables, outputs);
            bool exists = File.Exists(path);
            return new StepRun(string.Empty, string.Empty, exists ? StepStatus.Succeeded : StepStatus.Failed, null, exists ? File.ReadAllText(path) : string.Empty, exists ? string.Empty : $"{path} does not exist");
        }

        if (step.Scalar("script") is not { } script)
        {
            return new StepRun(string.Empty, string.Empty, StepStatus.Provided, null, string.Empty, string.Empty); // task: or checkout:
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, (value, secret)) in variables)
        {
            if (!secret)
            {
                environment[name.ToUpperInvariant().Replace('.', '_')] = value;
            }
        }

        foreach (var (name, value) in step.Pairs("env"))
        {
            environment[name] = Macros(value, variables, outputs);
        }

        environment = workspace.UseLocalStore(environment, ReplacedStoreVariables);
        environment["TF_BUILD"] = "True";
        var result = await workspace.RunScriptAsync(Macros(script, variables, outputs), ["--noprofile", "--norc"], environment);
        foreach (Match command in SetVariable().Matches(result.Output))
        {
            string key = command.Groups["output"].Success && step.Scalar("name") is { } stepName ? $"{stepName}.{command.Groups["name"].Value}" : command.Groups["name"].Value;
            outputs[key] = command.Groups["value"].Value.TrimEnd('\r');
        }

        return new StepRun(string.Empty, string.Empty, result.ExitCode == 0 ? StepStatus.Succeeded : StepStatus.Failed, result.ExitCode, result.Output, result.Error);
    }

    public static string StepName(YamlMappingNode step) =>
        step.Scalar("displayName") ?? step.Scalar("name") ?? step.Scalar("script")?.Split('\n')[0].Trim()
        ?? step.Scalar("task") ?? (step.Scalar("checkout") is { } checkout ? "checkout " + checkout : null) ?? (step.Scalar("publish") is { } publish ? "publish " + publish : null)
        ?? throw new InvalidOperationException($"a step the check does not know at {step.Start}");

    /// <summary>Reads <c>variables</c> in either form (a list of <c>name</c>/<c>value</c> and <c>group</c>, or a mapping).</summary>
    private Dictionary<string, (string Value, bool Secret)> Variables(YamlNode? node, bool secret)
    {
        var variables = new Dictionary<string, (string, bool)>(StringComparer.OrdinalIgnoreCase);
        switch (node)
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var pair in map.Children)
                {
                    variables[pair.Key()] = (((YamlScalarNode)pair.Value).Value ?? string.Empty, secret);
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Mappings())
                {
                    if (item.Scalar("group") is { } group)
                    {
                        Assert.True(group == "modelops-prod", $"the check knows the variable group 'modelops-prod', not '{group}'");
                        foreach (var (key, value) in variableGroup)
                        {
                            variables[key] = (value, true);
                        }
                    }
                    else
                    {
                        variables[item.Scalar("name")!] = (item.Scalar("value") ?? string.Empty, secret);
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"variables should be a list or a mapping at {node.Start}");
        }

        return variables;
    }

    /// <summary>Substitutes <c>${{ parameters.name }}</c> with the run's argument or the parameter's default.</summary>
    private string Template(string text) => TemplateExpression().Replace(text, m =>
    {
        string name = m.Groups["parameter"].Value;
        var declared = pipeline.Sequence("parameters").Mappings().SingleOrDefault(p => p.Scalar("name") == name);
        Assert.True(declared is not null, $"the pipeline uses parameters.{name}, which it does not declare");
        return arguments.TryGetValue(name, out var value) ? value : declared!.Scalar("default") ?? string.Empty;
    });

    /// <summary>Substitutes macros <c>$(name)</c> as the agent does before running a script; an unknown name fails the check.</summary>
    private string Macros(string text, Dictionary<string, (string Value, bool Secret)> variables, Dictionary<string, string> outputs) =>
        Macro().Replace(Template(text), m =>
        {
            string name = m.Groups["name"].Value;
            if (outputs.TryGetValue(name, out var output))
            {
                return output;
            }

            if (variables.TryGetValue(name, out var variable))
            {
                return variable.Value;
            }

            return name.ToUpperInvariant() switch
            {
                "BUILD.SOURCEVERSION" => "4f2c1e9d0b7a",
                "BUILD.BUILDID" => buildId,
                "BUILD.ARTIFACTSTAGINGDIRECTORY" => ArtifactStagingDirectory,
                "BUILD.REQUESTEDFOR" => RequestedFor,
                "SYSTEM.COLLECTIONURI" => "https://dev.azure.com/contoso/",
                "SYSTEM.TEAMPROJECT" => "risk",
                _ => throw new InvalidOperationException($"the pipeline uses $({name}), which is neither a variable, an output nor a predefined variable the check knows"),
            };
        });

    /// <summary>Evaluates a stage variable's runtime expression <c>$[ stageDependencies.S.J.outputs['step.name'] ]</c>.</summary>
    private string RuntimeExpression(string value)
    {
        var match = StageDependency().Match(value);
        if (!match.Success)
        {
            Assert.DoesNotContain("$[", value, StringComparison.Ordinal);
            return value;
        }

        string job = $"{match.Groups["stage"].Value}.{match.Groups["job"].Value}";
        Assert.True(_jobOutputs.TryGetValue(job, out var outputs), $"{value} names job {job}, which has not run");
        Assert.True(outputs!.TryGetValue(match.Groups["output"].Value, out var output), $"{value}: job {job} set no output '{match.Groups["output"].Value}'");
        return output!;
    }

    private static bool Condition(string condition, IEnumerable<bool?> dependencies)
    {
        string text = condition.Trim();
        var comparison = Comparison().Match(text);
        if (comparison.Success)
        {
            bool equal = string.Equals(comparison.Groups["left"].Value, comparison.Groups["right"].Value, StringComparison.OrdinalIgnoreCase);
            return comparison.Groups["function"].Value == "eq" ? equal : !equal;
        }

        return text switch
        {
            "succeeded()" => dependencies.All(d => d == true),
            "failed()" => dependencies.Any(d => d == false),
            "always()" => true,
            _ => throw new NotSupportedException($"The check does not evaluate the condition '{condition}'."),
        };
    }

    [GeneratedRegex(@"\$\{\{\s*parameters\.(?<parameter>\w+)\s*\}\}")]
    private static partial Regex TemplateExpression();

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_.]*)\)")]
    private static partial Regex Macro();

    [GeneratedRegex(@"^\$\[\s*stageDependencies\.(?<stage>\w+)\.(?<job>\w+)\.outputs\['(?<output>[\w.]+)'\]\s*\]$")]
    private static partial Regex StageDependency();

    [GeneratedRegex(@"^(?<function>eq|ne)\(\s*'(?<left>[^']*)'\s*,\s*'(?<right>[^']*)'\s*\)$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"##vso\[task\.setvariable variable=(?<name>[\w.]+)(?<output>;isOutput=true)?[^\]]*\](?<value>[^\n]*)")]
    private static partial Regex SetVariable();
}
