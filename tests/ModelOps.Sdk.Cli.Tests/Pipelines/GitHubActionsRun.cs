using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>
/// Runs a GitHub Actions workflow's jobs and <c>run</c> steps on this machine the way a Linux runner does: jobs in <c>needs</c>
/// order, skipped when a needed job did not succeed or their <c>if</c> is false; steps in order with their <c>if</c> (implicitly
/// <c>success()</c>); <c>${{ }}</c> expressions substituted before bash sees the script; <c>env</c> merged workflow, job, step;
/// the script run as <c>bash -e {0}</c>, or <c>bash --noprofile --norc -eo pipefail {0}</c> when the shell is <c>bash</c>;
/// <c>$GITHUB_OUTPUT</c> read back into <c>steps.&lt;id&gt;.outputs</c> and job <c>outputs</c>. <c>uses:</c> steps and
/// environment protection rules (the human approval) are the platform's and are taken as done.
/// </summary>
internal sealed partial class GitHubActionsRun(YamlMappingNode workflow, PipelineWorkspace workspace, string eventName, IReadOnlyDictionary<string, string> inputs, string runId)
{
    public const string Actor = "octocat";

    /// <summary>Gets the MODELOPS_ variables of the document's store (PostgreSQL, S3) that the run replaced by the local store.</summary>
    public SortedSet<string> ReplacedStoreVariables { get; } = new(StringComparer.Ordinal);

    public async Task<PipelineRun> RunAsync()
    {
        workspace.FreshCheckout();
        var steps = new List<StepRun>();
        var jobs = workflow.Mapping("jobs");
        var results = new Dictionary<string, bool?>(StringComparer.Ordinal); // true succeeded, false failed, null skipped
        var jobOutputs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (id, job) in InNeedsOrder(jobs))
        {
            var needs = job.Names("needs") ?? [];
            var context = new Context(this, id, needs, jobOutputs);
            bool run = needs.TrueForAll(n => results[n] == true) && (job.Scalar("if") is not { } condition || context.Condition(condition, anyFailed: false));
            bool failed = false;
            foreach (var step in job.Sequence("steps").Mappings())
            {
                string name = StepName(step);
                if (!run || !context.Condition(step.Scalar("if") ?? "success()", failed))
                {
                    steps.Add(new StepRun(id, name, StepStatus.Skipped, null, string.Empty, string.Empty));
                    context.StepOutcomes[step.Scalar("id") ?? name] = "skipped";
                    continue;
                }

                if (step.Scalar("run") is not { } script)
                {
                    steps.Add(new StepRun(id, name, StepStatus.Provided, null, string.Empty, string.Empty));
                    continue;
                }

                var result = await RunStepAsync(job, step, script, context);
                failed |= result.ExitCode != 0;
                steps.Add(new StepRun(id, name, result.ExitCode == 0 ? StepStatus.Succeeded : StepStatus.Failed, result.ExitCode, result.Output, result.Error));
            }

            results[id] = run ? !failed : null;
            jobOutputs[id] = run ? job.Pairs("outputs").ToDictionary(p => p.Key, p => context.Substitute(p.Value), StringComparer.Ordinal) : [];
        }

        return new PipelineRun(steps);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunStepAsync(YamlMappingNode job, YamlMappingNode step, string script, Context context)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in workflow.Pairs("env").Concat(job.Pairs("env")).Concat(step.Pairs("env")))
        {
            environment[name] = context.Substitute(value);
        }

        string outputFile = Path.Combine(workspace.Root, "github-output-" + Guid.NewGuid().ToString("N"));
        string summaryFile = Path.Combine(workspace.Root, "github-summary-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(outputFile, string.Empty);
        environment = workspace.UseLocalStore(environment, ReplacedStoreVariables);
        environment["CI"] = "true";
        environment["GITHUB_ACTIONS"] = "true";
        environment["GITHUB_OUTPUT"] = outputFile;
        environment["GITHUB_STEP_SUMMARY"] = summaryFile;
        environment["GITHUB_SHA"] = "4f2c1e9d0b7a";
        environment["GITHUB_RUN_ID"] = runId;
        environment["GITHUB_SERVER_URL"] = "https://github.com";
        environment["GITHUB_REPOSITORY"] = "contoso/credit-models";
        environment["GITHUB_ACTOR"] = Actor;
        environment["GITHUB_EVENT_NAME"] = eventName;

        string? shell = step.Scalar("shell") ?? Shell(job) ?? Shell(workflow);
        string[] flags = shell switch
        {
            null => ["-e"],
            "bash" => ["--noprofile", "--norc", "-eo", "pipefail"],
            _ => throw new NotSupportedException($"The check runs bash steps only; '{StepName(step)}' asks for shell '{shell}'."),
        };

        var result = await workspace.RunScriptAsync(context.Substitute(script), flags, environment);
        if (step.Scalar("id") is { } id)
        {
            context.StepOutputs[id] = File.ReadAllLines(outputFile).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
            context.StepOutcomes[id] = result.ExitCode == 0 ? "success" : "failure";
        }

        string summary = File.Exists(summaryFile) ? File.ReadAllText(summaryFile) : string.Empty;
        return (result.ExitCode, result.Output + summary, result.Error);
    }

    private static string? Shell(YamlMappingNode node) =>
        node.Child("defaults") is YamlMappingNode defaults && defaults.Child("run") is YamlMappingNode run ? run.Scalar("shell") : null;

    public static string StepName(YamlMappingNode step) =>
        step.Scalar("name") ?? step.Scalar("run")?.Split('\n')[0].Trim() ?? step.Scalar("uses") ?? throw new InvalidOperationException($"a step without name, run or uses at {step.Start}");

    /// <summary>Orders the jobs so that each comes after the jobs it needs, failing on an unknown or circular need.</summary>
    public static List<(string Id, YamlMappingNode Job)> InNeedsOrder(YamlMappingNode jobs)
    {
        var all = jobs.Children.ToDictionary(p => p.Key(), p => (YamlMappingNode)p.Value, StringComparer.Ordinal);
        var ordered = new List<(string, YamlMappingNode)>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (done.Count < all.Count)
        {
            var next = all.Where(j => !done.Contains(j.Key)).FirstOrDefault(j => (j.Value.Names("needs") ?? []).TrueForAll(n =>
                all.ContainsKey(n) ? done.Contains(n) : throw new InvalidOperationException($"job '{j.Key}' needs '{n}', which is not a job of the workflow")));
            if (next.Key is null)
            {
                throw new InvalidOperationException("the jobs' needs form a cycle");
            }

            ordered.Add((next.Key, next.Value));
            done.Add(next.Key);
        }

        return ordered;
    }

    /// <summary>The expression context of one job: its steps so far, the jobs it needs, the event, inputs and secrets.</summary>
    private sealed partial class Context(GitHubActionsRun run, string job, List<string> needs, Dictionary<string, Dictionary<string, string>> jobOutputs)
    {
        public Dictionary<string, Dictionary<string, string>> StepOutputs { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> StepOutcomes { get; } = new(StringComparer.Ordinal);

        /// <summary>Replaces every <c>${{ expression }}</c> by its value, as the runner does before a script or value is used.</summary>
        public string Substitute(string text) => Template().Replace(text, m => Evaluate(m.Groups["expression"].Value));

        /// <summary>Evaluates an <c>if</c>: terms joined by <c>&amp;&amp;</c>; <c>success()</c> is implied without a status function.</summary>
        public bool Condition(string condition, bool anyFailed)
        {
            string text = condition.Trim();
            if (text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal))
            {
                text = text[3..^2];
            }

            Assert.DoesNotContain("||", text, StringComparison.Ordinal);
            var terms = text.Split("&&", StringSplitOptions.TrimEntries);
            bool hasStatus = terms.Any(t => t is "success()" or "failure()" or "always()" or "cancelled()");
            return (hasStatus || !anyFailed) && terms.All(term => term switch
            {
                "success()" => !anyFailed,
                "failure()" => anyFailed,
                "always()" => true,
                "cancelled()" => false,
                _ when term.Contains("==", StringComparison.Ordinal) => Compare(term, "==", equal: true),
                _ when term.Contains("!=", StringComparison.Ordinal) => Compare(term, "!=", equal: false),
                _ => Evaluate(term).Length > 0,
            });
        }

        private bool Compare(string term, string op, bool equal)
        {
            var sides = term.Split(op, 2, StringSplitOptions.TrimEntries);
            return string.Equals(Evaluate(sides[0]), Evaluate(sides[1]), StringComparison.OrdinalIgnoreCase) == equal;
        }

        private string Evaluate(string expression)
        {
            string text = expression.Trim();
            if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
            {
                return text[1..^1];
            }

            var parts = text.Split('.');
            switch (parts)
            {
                case ["secrets", var secret]:
                    return "secret-value-of-" + secret;
                case ["github", "event_name"]:
                    return run.EventName;
                case ["github", "actor"]:
                    return Actor;
                case ["github", "run_id"]:
                    return run.RunId;
                case ["inputs", var input]:
                    var declared = run.Workflow.Mapping("on").Mapping("workflow_dispatch").Mapping("inputs");
                    Assert.True(declared.Child(input) is not null, $"job '{job}' reads inputs.{input}, which workflow_dispatch does not declare");
                    return run.Inputs.GetValueOrDefault(input, string.Empty);
                case ["steps", var step, "outputs", var output]:
                    Assert.True(StepOutputs.ContainsKey(step) || StepOutcomes.ContainsKey(step), $"job '{job}' reads steps.{step}, which is not an earlier step id of the job");
                    return StepOutputs.GetValueOrDefault(step)?.GetValueOrDefault(output) ?? string.Empty;
                case ["steps", var step, "outcome" or "conclusion"]:
                    Assert.True(StepOutcomes.ContainsKey(step), $"job '{job}' reads steps.{step}, which is not an earlier step id of the job");
                    return StepOutcomes[step];
                case ["needs", var needed, "outputs", var output]:
                    Assert.True(needs.Contains(needed), $"job '{job}' reads needs.{needed} without needing it");
                    Assert.True(jobOutputs[needed].ContainsKey(output), $"job '{job}' reads needs.{needed}.outputs.{output}, which that job does not declare");
                    return jobOutputs[needed][output];
                default:
                    throw new NotSupportedException($"The check does not evaluate the expression '{expression}' (job '{job}').");
            }
        }

        [GeneratedRegex(@"\$\{\{\s*(?<expression>.+?)\s*\}\}")]
        private static partial Regex Template();
    }

    // Named fields for the nested context (primary-constructor parameters are not visible to nested types).
    private string EventName => eventName;

    private string RunId => runId;

    private YamlMappingNode Workflow => workflow;

    private IReadOnlyDictionary<string, string> Inputs => inputs;
}
