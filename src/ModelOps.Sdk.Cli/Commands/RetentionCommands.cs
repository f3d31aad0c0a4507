using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.Governance.Retention;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary>
/// <c>modelops retention plan|apply|policy</c>: what retention would purge and why (a dry run), purging it (audited, needs the
/// purge role), and the retention policy stored in the registry.
/// </summary>
internal static class RetentionCommands
{
    public static Command Create() => new("retention", "Retention: list what the retention policy would purge and why, purge it (audited, needs the purge role), and store the policy.")
    {
        CreatePlan(), CreateApply(), CreatePolicy(),
    };

    private static Option<string?> ModelOption(string without) => new("--model") { Description = "The model; without it, " + without + "." };

    private static Command CreatePlan()
    {
        var model = ModelOption("every model in the registry");
        var all = new Option<bool>("--all") { Description = "List the versions and documents that are kept too, with the rules that keep them (by default only what would go)." };
        var command = new Command("plan", $"A dry run: list every version and document the policy would purge, with the rules that decided; nothing is changed. Exit code {ExitCodes.NotFound} for an unknown model.")
        {
            model, all,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var plan = await session.Retention.PlanAsync(parse.GetValue(model), ct).ConfigureAwait(false);
            var result = PlanResult.From(plan, parse.GetValue(all));
            session.Output.Result(result, text => Write(text, result.Policies, result.Decisions, "would purge"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateApply()
    {
        var model = ModelOption("every model in the registry");
        var reason = new Option<string>("--reason") { Description = "Why (required; recorded with each purge, with the policy and the rule).", Required = true };
        var command = new Command(
            "apply",
            $"Plan, then purge what the plan selects: each purge is an audited registry operation. Exit code {ExitCodes.Refused} without the purge role (the refusal is audited and nothing is purged).")
        {
            model, reason,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var applied = await session.Retention.ApplyAsync(parse.GetValue(model), parse.GetRequiredValue(reason), ct).ConfigureAwait(false);
            var result = new ApplyResult(
                applied.Plan.PlannedAt,
                applied.Purged.Select(DecisionResult.From).ToArray(),
                applied.Skipped.Select(s => new SkipResult(DecisionResult.From(s.Decision), s.Rules, s.Reason)).ToArray());
            session.Output.Result(result, text =>
            {
                Write(text, [], result.Purged, "purged");
                foreach (var skip in result.Skipped)
                {
                    text.WriteLine($"Skipped {skip.Decision.Subject} (kept by {string.Join(", ", skip.Rules)}): {skip.Reason}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreatePolicy()
    {
        var showModel = ModelOption("the registry-wide default (for models without their own)");
        var show = new Command("show", "Print the retention policy in effect and where it comes from (stored for the model, configured for it, stored default, configured default, or none).") { showModel };
        CommandAction.Set(show, async (parse, session, ct) =>
        {
            var result = PolicyResult.From(await session.Retention.GetPolicyAsync(parse.GetValue(showModel), ct).ConfigureAwait(false));
            session.Output.Result(result, text => WritePolicy(text, result));
            return ExitCodes.Success;
        });

        var setModel = ModelOption("the registry-wide default");
        var file = new Option<FileInfo>("--file")
        {
            Description = "A JSON retention policy: { \"keepLastVersions\": 10, \"keepAliasTargetsFor\": \"90.00:00:00\", \"keepApproved\": true, \"minimumAge\": \"30.00:00:00\" }.",
            Required = true,
        };
        var reason = new Option<string>("--reason") { Description = "Why the policy changes (required, audited).", Required = true };
        var set = new Command("set", $"Validate a retention policy file and store it as a new revision, audited. Exit code {ExitCodes.Usage} if the file is invalid, {ExitCodes.Refused} without the change-policy role.")
        {
            setModel, file, reason,
        };
        CommandAction.Set(set, async (parse, session, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CliUsageException($"--file: the file '{path.FullName}' does not exist");
            }

            RetentionPolicyDocument document;
            try
            {
                document = RetentionPolicyDocument.FromJson(await File.ReadAllBytesAsync(path.FullName, ct).ConfigureAwait(false));
            }
            catch (InvalidRetentionPolicyException ex)
            {
                throw new CliUsageException($"--file: the file '{path.FullName}' is not a retention policy: {string.Join("; ", ex.Errors)}", ex);
            }

            var result = PolicyResult.From(await session.Retention.SetPolicyAsync(parse.GetValue(setModel), document, parse.GetRequiredValue(reason), ct).ConfigureAwait(false));
            session.Output.Result(result, text => WritePolicy(text, result));
            return ExitCodes.Success;
        });

        return new Command("policy", "The retention policy stored in the registry: show the one in effect, change it (needs the change-policy role).") { show, set };
    }

    private static void Write(TextWriter text, IReadOnlyList<PolicyResult> policies, IReadOnlyList<DecisionResult> decisions, string verb)
    {
        foreach (var policy in policies)
        {
            text.WriteLine($"{policy.ModelName}: {policy.Description}.");
        }

        var purges = decisions.Count(d => d.Action == RetentionAction.Purge);
        if (decisions.Count == 0)
        {
            text.WriteLine($"Nothing {verb}.");
            return;
        }

        var table = new TextTable("SUBJECT", "ACTION", "RULES", "WHY");
        foreach (var decision in decisions)
        {
            table.Add(decision.Subject, decision.Action.ToString(), string.Join(", ", decision.Rules), decision.Explanation);
        }

        text.Write(table);
        text.WriteLine($"{purges.ToString(CultureInfo.InvariantCulture)} version(s) and document(s) {verb}.");
    }

    private static void WritePolicy(TextWriter text, PolicyResult result)
    {
        text.WriteLine($"{(result.ModelName is null ? "Default" : $"Model '{result.ModelName}'")}: {result.Description}"
            + (result.StoredAt is { } at ? $", stored {CommandArguments.Format(at)} by {result.StoredBy}." : "."));
        if (result.Policy is { } policy)
        {
            text.WriteLine(System.Text.Encoding.UTF8.GetString(policy.ToUtf8Json()));
        }
        else
        {
            text.WriteLine("No retention policy applies: nothing is purged.");
        }
    }

    /// <summary>The JSON shape of <c>retention plan</c>.</summary>
    internal sealed record PlanResult(DateTimeOffset PlannedAt, IReadOnlyList<PolicyResult> Policies, int ToPurge, IReadOnlyList<DecisionResult> Decisions)
    {
        public static PlanResult From(RetentionPlan plan, bool all) => new(
            plan.PlannedAt,
            plan.Policies.Select(PolicyResult.From).ToArray(),
            plan.ToPurge.Count,
            plan.Decisions.Where(d => all || d.Action == RetentionAction.Purge).Select(DecisionResult.From).ToArray());
    }

    /// <summary>The JSON shape of one decision.</summary>
    internal sealed record DecisionResult(string Subject, string ModelName, int? Version, string? DocumentKind, string? DocumentName, int? DocumentRevision, RetentionAction Action, IReadOnlyList<string> Rules, string Explanation)
    {
        public static DecisionResult From(RetentionDecision d) =>
            new(d.Subject, d.ModelName, d.Version, d.Document?.Kind, d.Document?.Name, d.Document?.Revision, d.Action, d.Rules, d.Explanation);
    }

    /// <summary>The JSON shape of <c>retention apply</c>.</summary>
    internal sealed record ApplyResult(DateTimeOffset PlannedAt, IReadOnlyList<DecisionResult> Purged, IReadOnlyList<SkipResult> Skipped);

    /// <summary>A planned purge that was not carried out: the rules that kept the version when the purge committed, and why.</summary>
    internal sealed record SkipResult(DecisionResult Decision, IReadOnlyList<string> Rules, string Reason);

    /// <summary>The JSON shape of <c>retention policy show|set</c>; <c>policy</c> can be saved and passed to <c>retention policy set --file</c>.</summary>
    internal sealed record PolicyResult(string? ModelName, RetentionPolicySource Source, string Description, RetentionPolicyDocument? Policy, int? Revision, DateTimeOffset? StoredAt, string? StoredBy)
    {
        public static PolicyResult From(EffectiveRetentionPolicy p) =>
            new(p.ModelName, p.Source, p.Description, p.Policy, p.StoredRevision?.Revision, p.StoredRevision?.AttachedAt, p.StoredRevision?.AttachedBy);
    }
}
