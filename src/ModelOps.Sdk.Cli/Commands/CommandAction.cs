using System.CommandLine;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Hosting;
using ModelOps.Sdk.Cli.Output;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary>
/// Runs a command's body in a <see cref="CliSession"/> and turns any exception into its exit code and a one-line message on
/// stderr (see <see cref="ExceptionExitCodes"/>), so every command reports failures the same way.
/// </summary>
internal static class CommandAction
{
    public static void Set(Command command, Func<ParseResult, CliSession, CancellationToken, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, body, cancellationToken));

    private static async Task<int> RunAsync(ParseResult parseResult, Func<ParseResult, CliSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = new CommandOutput(parseResult.GetValue(GlobalOptions.Json), Console.Out, Console.Error);
        try
        {
            var session = CliSession.Open(parseResult, output);
            await using (session.ConfigureAwait(false))
            {
                return await body(parseResult, session, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Diagnostic("modelops: cancelled");
            return ExitCodes.Error;
        }
        catch (Exception ex)
        {
            output.Diagnostic("modelops: " + ExceptionExitCodes.Describe(ex));
            return ExceptionExitCodes.For(ex);
        }
    }
}
