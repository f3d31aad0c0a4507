using System.CommandLine;
using ModelOps.Sdk.Cli.Commands;

namespace ModelOps.Sdk.Cli;

/// <summary>The <c>modelops</c> command tree and its entry point.</summary>
internal static class ModelOpsCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("modelops: drive a ModelOps.Sdk model registry from a terminal or a build pipeline.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(ModelCommands.Create());
        root.Subcommands.Add(VersionCommands.Create());
        root.Subcommands.Add(GateCommands.Create());
        root.Subcommands.Add(PolicyCommands.Create());
        root.Subcommands.Add(ReviewCommands.Create());
        root.Subcommands.Add(AliasCommands.Create());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(ModelCardCommands.Create());
        root.Subcommands.Add(BundleCommands.Create());
        root.Subcommands.Add(ProfileCommands.Create());
        root.Subcommands.Add(ReportCommands.Create());
        root.Subcommands.Add(RetentionCommands.Create());
        root.Subcommands.Add(GarbageCollectionCommands.Create());
        root.Subcommands.Add(DecisionCommands.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parseResult = Create().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // Usage errors get their own exit code (System.CommandLine's default is 1, which is this tool's "other error").
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync("modelops: " + error.Message).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'modelops --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
    }
}
