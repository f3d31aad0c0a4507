using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary>
/// <c>modelops policy show|set|history</c>: the promotion policy stored in the registry (for a model, or the registry-wide
/// default), which takes precedence over the <c>Governance</c> configuration section on every instance sharing the registry.
/// </summary>
internal static class PolicyCommands
{
    public static Command Create() => new("policy", "Promotion policies stored in the registry: show the one in effect, change it (needs the change-policy role), list its revisions.")
    {
        CreateShow(), CreateSet(), CreateHistory(),
    };

    private static Option<string?> ModelOption() => new("--model")
    {
        Description = "The model; without it, the registry-wide default policy (for models without their own).",
    };

    private static Command CreateShow()
    {
        var model = ModelOption();
        var command = new Command("show", $"Print the policy in effect and where it comes from (stored for the model, configured for it, stored default, configured default). Exit code {ExitCodes.NotFound} for an unknown model.") { model };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var effective = await session.Governance.GetPolicyAsync(parse.GetValue(model), ct).ConfigureAwait(false);
            var result = PolicyResult.From(effective);
            session.Output.Result(result, text => Write(text, result));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSet()
    {
        var model = ModelOption();
        var file = new Option<FileInfo>("--file")
        {
            Description = "A JSON policy: { \"requiredApprovals\": 2, \"gates\": [ { \"type\": \"metric-threshold\", \"metric\": \"auc\", \"minimum\": 0.85 } ] }.",
            Required = true,
        };
        var reason = new Option<string>("--reason") { Description = "Why the policy changes (required, audited).", Required = true };
        var command = new Command(
            "set",
            $"Validate a policy file and store it as the model's (or the default) new policy revision, audited. Exit code {ExitCodes.Usage} if the file is invalid (every problem listed), {ExitCodes.Refused} without the change-policy role.")
        {
            model, file, reason,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CliUsageException($"--file: the file '{path.FullName}' does not exist");
            }

            PromotionPolicyDocument document;
            try
            {
                document = PromotionPolicyDocument.FromJson(await File.ReadAllBytesAsync(path.FullName, ct).ConfigureAwait(false));
            }
            catch (InvalidPromotionPolicyException ex)
            {
                throw new CliUsageException($"--file: the file '{path.FullName}' is not a promotion policy: {string.Join("; ", ex.Errors)}", ex);
            }

            var stored = await session.Governance.SetPolicyAsync(parse.GetValue(model), document, parse.GetRequiredValue(reason), ct).ConfigureAwait(false);
            var result = PolicyResult.From(stored);
            session.Output.Result(result, text => Write(text, result));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateHistory()
    {
        var model = ModelOption();
        var command = new Command("history", "List every stored revision of the model's policy (or of the default), oldest first: when, who, why.") { model };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var history = await session.Governance.GetPolicyHistoryAsync(parse.GetValue(model), ct).ConfigureAwait(false);
            var rows = history.Select(h => new PolicyRevisionResult(h.Document.Revision, h.Document.AttachedAt, h.Document.AttachedBy, h.Reason, h.Document.Sha256, h.Policy)).ToArray();
            session.Output.Result(rows, text =>
            {
                if (rows.Length == 0)
                {
                    text.WriteLine("No policy was stored here; the configured policy applies.");
                    return;
                }

                var table = new TextTable("REVISION", "STORED", "BY", "REASON", "APPROVALS", "GATES");
                foreach (var row in rows)
                {
                    table.Add(
                        row.Revision.ToString(CultureInfo.InvariantCulture),
                        CommandArguments.Format(row.StoredAt),
                        row.StoredBy,
                        row.Reason,
                        row.Policy.RequiredApprovals.ToString(CultureInfo.InvariantCulture),
                        string.Join(", ", row.Policy.Gates.Select(g => g.Type)));
                }

                text.Write(table);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter text, PolicyResult result)
    {
        var what = result.ModelName is null ? "The default promotion policy" : $"The promotion policy of model '{result.ModelName}'";
        var from = result.Source switch
        {
            PromotionPolicySource.StoredModelPolicy => "stored for the model",
            PromotionPolicySource.ConfiguredModelPolicy => "configured for the model (Governance:Models)",
            PromotionPolicySource.StoredDefaultPolicy => "the stored registry-wide default",
            _ => "the configured default (Governance section)",
        };
        text.WriteLine($"{what} is {from}" + (result.Revision is { } revision
            ? $", revision {revision.ToString(CultureInfo.InvariantCulture)} stored {CommandArguments.Format(result.StoredAt!.Value)} by {result.StoredBy}."
            : "."));
        text.WriteLine($"Required approvals: {result.RequiredApprovals.ToString(CultureInfo.InvariantCulture)} (never the registrant's own).");
        if (result.Gates.Count == 0)
        {
            text.WriteLine("No gates.");
            return;
        }

        var table = new TextTable("GATE", "SPECIFICATION");
        for (var i = 0; i < result.Gates.Count; i++)
        {
            table.Add(result.Gates[i], result.Document is { } document ? document.Gates[i].ToString() : "(configured)");
        }

        text.Write(table);
    }

    /// <summary>The JSON shape of <c>policy show</c> and <c>policy set</c>; <c>document</c> can be saved and passed to <c>policy set --file</c>.</summary>
    internal sealed record PolicyResult(
        string? ModelName,
        PromotionPolicySource Source,
        int RequiredApprovals,
        IReadOnlyList<string> Gates,
        PromotionPolicyDocument? Document,
        int? Revision,
        DateTimeOffset? StoredAt,
        string? StoredBy,
        string? Sha256)
    {
        public static PolicyResult From(EffectivePromotionPolicy effective) => new(
            effective.ModelName,
            effective.Source,
            effective.Policy.RequiredApprovals,
            effective.Policy.Gates.Select(g => g.Name).ToArray(),
            effective.Document,
            effective.StoredRevision?.Revision,
            effective.StoredRevision?.AttachedAt,
            effective.StoredRevision?.AttachedBy,
            effective.StoredRevision?.Sha256);
    }

    /// <summary>The JSON shape of one row of <c>policy history</c>.</summary>
    internal sealed record PolicyRevisionResult(int Revision, DateTimeOffset StoredAt, string StoredBy, string? Reason, string Sha256, PromotionPolicyDocument Policy);
}
