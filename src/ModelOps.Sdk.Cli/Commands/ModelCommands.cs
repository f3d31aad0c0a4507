using System.CommandLine;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops models list</c>.</summary>
internal static class ModelCommands
{
    public static Command Create()
    {
        var list = new Command("list", "List the registry's models with their latest version and aliases.");
        CommandAction.Set(list, async (_, session, ct) =>
        {
            var models = await session.Registry.ListModelsAsync(ct).ConfigureAwait(false);
            session.Output.Result(models, text =>
            {
                var table = new Output.TextTable("MODEL", "LATEST", "ALIASES", "UPDATED");
                foreach (var model in models)
                {
                    table.Add(
                        model.Name,
                        model.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        string.Join(", ", model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}->{a.Value}")),
                        CommandArguments.Format(model.UpdatedAt));
                }

                text.Write(table);
            });
            return ExitCodes.Success;
        });

        return new Command("models", "Models in the registry.") { list };
    }
}
