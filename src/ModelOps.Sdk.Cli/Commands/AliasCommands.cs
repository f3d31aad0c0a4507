using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Output;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops aliases list|set|move|rollback|history|resolve</c>.</summary>
internal static class AliasCommands
{
    public static Command Create() => new("aliases", "Aliases (champion, staging...): where they point, moving them, rolling back, their history.")
    {
        CreateList(), CreateSet(), CreateMove(), CreateRollback(), CreateHistory(), CreateResolve(),
    };

    private static Command CreateList()
    {
        var model = CommandArguments.Model();
        var command = new Command("list", "List a model's aliases.") { model };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var aliases = await session.Registry.ListAliasesAsync(parse.GetRequiredValue(model), ct).ConfigureAwait(false);
            session.Output.Result(aliases, text => WriteAliases(text, aliases));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSet()
    {
        var model = CommandArguments.Model();
        var alias = CommandArguments.Alias();
        var version = CommandArguments.Version();
        var reason = ReasonOption("Why (audited).", required: false);
        var command = new Command("set", "Point an alias at a version, whatever it points to now (use 'move' to guard against a concurrent change).") { model, alias, version, reason };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var moved = await session.Registry.SetAliasAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(alias), parse.GetRequiredValue(version), parse.GetValue(reason), ct).ConfigureAwait(false);
            session.Output.Result(moved, text => WriteAliases(text, [moved]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateMove()
    {
        var model = CommandArguments.Model();
        var alias = CommandArguments.Alias();
        var version = CommandArguments.Version();
        var expected = new Option<string>("--expected-version")
        {
            Description = "The version the alias points to now, or 'none' if it does not exist yet; the move fails if someone else moved it.",
            Required = true,
        };
        var reason = ReasonOption("Why (audited).", required: false);
        var command = new Command("move", $"Move an alias from the version you expect to another (exit code {ExitCodes.Conflict} if it moved meanwhile).") { model, alias, version, expected, reason };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var expectedText = parse.GetRequiredValue(expected);
            int? expectedVersion = string.Equals(expectedText, "none", StringComparison.OrdinalIgnoreCase)
                ? null
                : int.TryParse(expectedText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new CliUsageException($"--expected-version '{expectedText}' must be a version number or 'none'");
            var moved = await session.Registry.MoveAliasAsync(
                parse.GetRequiredValue(model), parse.GetRequiredValue(alias), parse.GetRequiredValue(version), expectedVersion, parse.GetValue(reason), ct).ConfigureAwait(false);
            session.Output.Result(moved, text => WriteAliases(text, [moved]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRollback()
    {
        var model = CommandArguments.Model();
        var alias = CommandArguments.Alias();
        var reason = ReasonOption("Why the alias is rolled back, for example an incident number (required, audited).", required: true);
        var command = new Command("rollback", "Roll an alias back to the version it pointed to before (the emergency exit: always allowed to a deployer).") { model, alias, reason };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var rolledBack = await session.Registry.RollbackAliasAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(alias), parse.GetRequiredValue(reason), ct).ConfigureAwait(false);
            session.Output.Result(rolledBack, text => WriteAliases(text, [rolledBack]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateHistory()
    {
        var model = CommandArguments.Model();
        var alias = CommandArguments.Alias();
        var command = new Command("history", "Every change of an alias, oldest first: who moved it, from and to which version, why.") { model, alias };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var history = await session.Registry.GetAliasHistoryAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(alias), ct).ConfigureAwait(false);
            session.Output.Result(history, text =>
            {
                var table = new TextTable("WHEN", "CHANGE", "FROM", "TO", "BY", "REASON");
                foreach (var change in history)
                {
                    table.Add(
                        CommandArguments.Format(change.Timestamp),
                        change.Kind.ToString(),
                        CommandArguments.Format(change.PreviousVersion),
                        CommandArguments.Format(change.Version),
                        change.Actor,
                        change.Reason ?? string.Empty);
                }

                text.Write(table);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateResolve()
    {
        var model = CommandArguments.Model();
        var alias = CommandArguments.Alias();
        var at = new Option<string?>("--at") { Description = "An ISO 8601 time: which version the alias pointed to then (UTC when no offset is given)." };
        var command = new Command("resolve", $"Print the version an alias points to, now or at a past time (exit code {ExitCodes.NotFound} if it did not exist).") { model, alias, at };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var name = parse.GetRequiredValue(model);
            var aliasName = parse.GetRequiredValue(alias);
            var atText = parse.GetValue(at);
            Resolution resolution;
            if (atText is null)
            {
                var current = await session.Registry.ResolveAliasAsync(name, aliasName, ct).ConfigureAwait(false);
                resolution = new Resolution(name, aliasName, current.Version, null);
            }
            else
            {
                var time = CommandArguments.ParseTime(atText, "--at");
                var version = await session.Registry.ResolveAliasAtAsync(name, aliasName, time, ct).ConfigureAwait(false);
                if (version is null)
                {
                    session.Output.Diagnostic($"modelops: alias '{aliasName}' of model '{name}' did not point to any version at {CommandArguments.Format(time)}");
                    return ExitCodes.NotFound;
                }

                resolution = new Resolution(name, aliasName, version.Value, time);
            }

            session.Output.Result(resolution, text => text.WriteLine(resolution.Version.ToString(CultureInfo.InvariantCulture)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string> ReasonOption(string description, bool required) => new("--reason") { Description = description, Required = required };

    private static void WriteAliases(TextWriter text, IEnumerable<ModelAlias> aliases)
    {
        var table = new TextTable("ALIAS", "VERSION", "UPDATED");
        foreach (var alias in aliases)
        {
            table.Add(alias.Alias, alias.Version.ToString(CultureInfo.InvariantCulture), CommandArguments.Format(alias.UpdatedAt));
        }

        text.Write(table);
    }

    /// <summary>The JSON shape of <c>aliases resolve</c>.</summary>
    internal sealed record Resolution(string ModelName, string Alias, int Version, DateTimeOffset? At);
}
