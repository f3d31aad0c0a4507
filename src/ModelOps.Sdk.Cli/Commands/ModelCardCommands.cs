using System.CommandLine;
using System.Text.Json;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.Governance.ModelCards;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops cards show|save</c>: a version's model card.</summary>
internal static class ModelCardCommands
{
    public static Command Create() => new("cards", "Model cards (intended use, limitations, owner, training data, evaluation, fairness, lineage).") { CreateShow(), CreateSave() };

    private static Command CreateShow()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var command = new Command("show", "Print a version's model card as Markdown (or JSON with --json).") { model, version };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var card = await session.Governance.GetModelCardAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(version), ct).ConfigureAwait(false);
            if (session.Output.IsJson)
            {
                session.Output.RawJson(card.ToJson());
            }
            else
            {
                session.Output.Result(card, text => text.Write(card.ToMarkdown()));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSave()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var file = new Option<FileInfo>("--file")
        {
            Description = "A JSON file with the written content: intendedUse, limitations, owner, trainingData.",
            Required = true,
        };
        var command = new Command("save", "Save a new revision of a version's model card content (audited), then print the card.") { model, version, file };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CliUsageException($"--file: the file '{path.FullName}' does not exist");
            }

            ModelCardContent content;
            try
            {
                content = JsonSerializer.Deserialize<ModelCardContent>(await File.ReadAllBytesAsync(path.FullName, ct).ConfigureAwait(false), CliJson.InputOptions)
                    ?? throw new CliUsageException($"--file: the file '{path.FullName}' holds null");
            }
            catch (JsonException ex)
            {
                throw new CliUsageException($"--file: the file '{path.FullName}' is not model card content: {ex.Message}", ex);
            }

            var card = await session.Governance.SaveModelCardAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(version), content, ct).ConfigureAwait(false);
            if (session.Output.IsJson)
            {
                session.Output.RawJson(card.ToJson());
            }
            else
            {
                session.Output.Result(card, text => text.Write(card.ToMarkdown()));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
