using System.CommandLine;
using System.Globalization;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.Governance.Bundles;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary>
/// <c>modelops bundles export|import|verify</c>: one verifiable file with a model's versions, artifacts, documents and audit chain,
/// for promotion between registries, migration (filesystem to PostgreSQL + S3) and backup.
/// </summary>
internal static class BundleCommands
{
    public static Command Create() => new("bundles", "Export and import verifiable model bundles.") { CreateExport(), CreateImport(), CreateVerify() };

    private static Command CreateExport()
    {
        var model = CommandArguments.Model();
        var output = new Option<FileInfo>("--output", "-o") { Description = "The bundle file to write (replaced if it exists).", Required = true };
        var versions = new Option<int[]>("--versions")
        {
            Description = "The versions to export (repeat or comma-separate); all when omitted.",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => result.Tokens
                .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : Fail(result, v))
                .ToArray(),
        };
        var command = new Command("export", "Write a model's versions (all, or --versions), artifacts, documents and audit chain to one bundle file.") { model, output, versions };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var target = parse.GetRequiredValue(output);
            var chosen = parse.GetValue(versions) is { Length: > 0 } list ? list : null;
            Directory.CreateDirectory(target.DirectoryName!);

            // Written beside the target and moved into place when complete, so a failed export leaves no half-written bundle.
            var partial = target.FullName + ".partial";
            BundleManifest manifest;
            try
            {
                var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (stream.ConfigureAwait(false))
                {
                    manifest = await session.Bundles.ExportAsync(parse.GetRequiredValue(model), chosen, stream, ct).ConfigureAwait(false);
                }

                File.Move(partial, target.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }

            session.Output.Result(manifest, text =>
            {
                text.WriteLine($"Exported {manifest.ModelName} from registry '{manifest.SourceRegistry}' to {target.FullName}:");
                WriteVersions(text, manifest);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateImport()
    {
        var file = BundleArgument();
        var command = new Command(
            "import",
            $"Verify a bundle (every hash and the audit chain) and register its versions here with new numbers; exit code {ExitCodes.IntegrityFailure} if it was altered.")
        {
            file,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var stream = OpenBundle(parse.GetRequiredValue(file));
            await using (stream.ConfigureAwait(false))
            {
                var result = await session.Bundles.ImportAsync(stream, ct).ConfigureAwait(false);
                session.Output.Result(result, text =>
                {
                    text.WriteLine($"Imported {result.ModelName} from registry '{result.SourceRegistry}':");
                    var table = new TextTable("SOURCE VERSION", "VERSION HERE", "NOTE");
                    foreach (var version in result.Versions)
                    {
                        table.Add(
                            version.SourceVersion.ToString(CultureInfo.InvariantCulture),
                            version.TargetVersion.ToString(CultureInfo.InvariantCulture),
                            version.AlreadyImported ? "already imported" : "imported");
                    }

                    text.Write(table);
                });
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var file = BundleArgument();
        var command = new Command("verify", $"Verify a bundle without importing it; exit code {ExitCodes.IntegrityFailure} if it was altered.") { file };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var stream = OpenBundle(parse.GetRequiredValue(file));
            await using (stream.ConfigureAwait(false))
            {
                var manifest = await session.Bundles.VerifyAsync(stream, ct).ConfigureAwait(false);
                session.Output.Result(manifest, text =>
                {
                    text.WriteLine($"Bundle of {manifest.ModelName} from registry '{manifest.SourceRegistry}', exported {CommandArguments.Format(manifest.ExportedAt)} by {manifest.ExportedBy}: verified.");
                    WriteVersions(text, manifest);
                });
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<FileInfo> BundleArgument() => new("bundle") { Description = "The bundle file." };

    private static FileStream OpenBundle(FileInfo file) =>
        file.Exists
            ? new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous)
            : throw new CliUsageException($"the bundle file '{file.FullName}' does not exist");

    private static void WriteVersions(TextWriter text, BundleManifest manifest)
    {
        var table = new TextTable("VERSION", "ARTIFACT SHA-256", "DOCUMENTS");
        foreach (var version in manifest.Versions)
        {
            table.Add(version.Version.ToString(CultureInfo.InvariantCulture), version.ArtifactSha256, version.Documents.ToString(CultureInfo.InvariantCulture));
        }

        text.Write(table);
    }

    private static int Fail(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--versions: '{value}' is not a version number");
        return 0;
    }
}
