using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Governance;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops review approve|reject</c>: a reviewer's decision on a version, under separation of duties.</summary>
internal static class ReviewCommands
{
    public static Command Create() => new("review", "Approve or reject a version (as a principal holding the approver role, never its registrant).") { CreateApprove(), CreateReject() };

    private static Command CreateApprove()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var comment = new Option<string?>("--comment") { Description = "Why you approve (recorded with the approval)." };
        var command = new Command(
            "approve",
            $"Evaluate the gates and record your approval; the version becomes Approved once the policy's approvals are in. Exit code {ExitCodes.GatesFailed} if gates fail, {ExitCodes.Refused} if refused.")
        {
            model, version, comment,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            ApprovalResult result;
            try
            {
                var outcome = await session.Governance.ApproveAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(version), parse.GetValue(comment), ct).ConfigureAwait(false);
                result = new ApprovalResult(outcome.Version, outcome.IsApproved, outcome.Approvers, outcome.RequiredApprovals, outcome.GateReport);
            }
            catch (GovernanceRefusalException refusal) when (refusal.Rule == GovernanceRefusalException.Rules.Gates && refusal.Report is not null)
            {
                // Show which gates failed before the refusal line, so the log explains the exit code.
                session.Output.Result(refusal.Report, text => GateCommands.WriteReport(text, refusal.Report));
                throw;
            }

            session.Output.Result(result, text =>
            {
                text.WriteLine(result.IsApproved
                    ? $"{result.Version.ModelName} version {result.Version.Version.ToString(CultureInfo.InvariantCulture)} is Approved (by {string.Join(", ", result.Approvers)})."
                    : $"Approval recorded: {result.Approvers.Count.ToString(CultureInfo.InvariantCulture)} of {result.RequiredApprovals.ToString(CultureInfo.InvariantCulture)} required ({string.Join(", ", result.Approvers)}); status {result.Version.Status}.");
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateReject()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var reason = new Option<string>("--reason") { Description = "Why the version is rejected (required, audited).", Required = true };
        var command = new Command("reject", "Reject a version, with a reason.") { model, version, reason };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var rejected = await session.Governance.RejectAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(version), parse.GetRequiredValue(reason), ct).ConfigureAwait(false);
            session.Output.Result(rejected, text => text.WriteLine($"{rejected.ModelName} version {rejected.Version.ToString(CultureInfo.InvariantCulture)} is {rejected.Status}."));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JSON shape of <c>review approve</c>.</summary>
    internal sealed record ApprovalResult(ModelVersion Version, bool IsApproved, IReadOnlyList<string> Approvers, int RequiredApprovals, Governance.Gates.GateReport GateReport);
}
