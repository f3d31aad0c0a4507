using System.CommandLine;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Profiles;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops profiles fit</c>: a version's reference profile, the baseline its monitors compare each window with.</summary>
internal static class ProfileCommands
{
    public static Command Create() => new("profiles", "Reference profiles: the baseline a version's monitors compare each window with.") { CreateFit() };

    private static Command CreateFit()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var data = new Option<FileInfo>("--data")
        {
            Description = "The reference data (typically the training or validation set with the model's predictions): CSV with a header line, or JSON lines.",
            Required = true,
        };
        var format = new Option<string?>("--format") { Description = "csv or jsonl; by default taken from the file's extension (.csv, .jsonl, .ndjson, .json)." };
        var predictions = new Option<string[]>("--prediction")
        {
            Description = "A column holding a model output (repeatable); the signature's outputs found in the data are predictions too.",
            AllowMultipleArgumentsPerToken = false,
        };
        var name = new Option<string>("--name") { Description = "The profile's document name.", DefaultValueFactory = _ => ReferenceProfileRegistryExtensions.DefaultName };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the audit log." };
        var command = new Command("fit", "Fit a version's reference profile from a data file and store it in the registry (audited).") { model, version, data, format, predictions, name, reason };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var modelName = parse.GetRequiredValue(model);
            var number = parse.GetRequiredValue(version);
            var file = parse.GetRequiredValue(data);
            if (!file.Exists)
            {
                throw new CliUsageException($"--data: the file '{file.FullName}' does not exist");
            }

            var dataFormat = parse.GetValue(format)?.ToLowerInvariant() ?? ReferenceDataFile.FormatOf(file.FullName)
                ?? throw new CliUsageException($"--format: cannot tell the format of '{file.Name}' from its extension; pass --format csv or --format jsonl");
            var modelVersion = await session.Registry.GetVersionAsync(modelName, number, ct).ConfigureAwait(false);
            var (columns, rows) = await ReferenceDataFile.ReadAsync(file.FullName, dataFormat, ct).ConfigureAwait(false);
            var (profile, inputs, outputs) = ReferenceProfileFitter.Fit(columns, rows, modelVersion.Signature, parse.GetValue(predictions) ?? []);
            var profileName = parse.GetRequiredValue(name);
            await session.Registry.SaveReferenceProfileAsync(modelName, number, profile, profileName, parse.GetValue(reason) ?? $"reference profile fitted from {file.Name} ({profile.RowCount} rows)", ct).ConfigureAwait(false);
            var result = new FittedProfile(modelName, number, profileName, profile.RowCount, inputs, outputs);
            session.Output.Result(result, text => text.WriteLine(
                $"Stored reference profile '{profileName}' of {modelName} version {number}: {profile.RowCount} rows, inputs {string.Join(", ", inputs)}; predictions {(outputs.Count == 0 ? "none" : string.Join(", ", outputs))}."));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What <c>profiles fit</c> stored.</summary>
    private sealed record FittedProfile(string Model, int Version, string Name, long Rows, IReadOnlyList<string> Inputs, IReadOnlyList<string> Predictions);
}
