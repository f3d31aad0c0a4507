using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Output;
using ModelOps.Sdk.Cli.Registration;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops versions list|show|register</c>.</summary>
internal static class VersionCommands
{
    public static Command Create() => new("versions", "Versions of a model.") { CreateList(), CreateShow(), CreateRegister() };

    private static Command CreateList()
    {
        var model = CommandArguments.Model();
        var command = new Command("list", "List a model's versions, oldest first.") { model };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var name = parse.GetRequiredValue(model);
            var versions = new List<ModelVersion>();
            int? after = 0;
            while (after is { } from)
            {
                var page = await session.Registry.ListVersionsAsync(name, from, 100, ct).ConfigureAwait(false);
                versions.AddRange(page.Items);
                after = page.NextAfterVersion;
            }

            session.Output.Result(versions, text =>
            {
                var table = new TextTable("VERSION", "STATUS", "FLAVOR", "REGISTERED", "BY", "METRICS");
                foreach (var v in versions)
                {
                    table.Add(
                        v.Version.ToString(CultureInfo.InvariantCulture),
                        v.Status.ToString(),
                        v.Flavor,
                        CommandArguments.Format(v.RegisteredAt),
                        v.RegisteredBy,
                        string.Join(", ", v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={CommandArguments.Format(m.Value)}")));
                }

                text.Write(table);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var model = CommandArguments.Model();
        var version = CommandArguments.Version();
        var command = new Command("show", "Show one version: status, artifact hashes, metrics, tags, signature, lineage.") { model, version };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var record = await session.Registry.GetVersionAsync(parse.GetRequiredValue(model), parse.GetRequiredValue(version), ct).ConfigureAwait(false);
            session.Output.Result(record, text => WriteVersion(text, record));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRegister()
    {
        var model = CommandArguments.Model();
        var artifact = new Option<FileInfo>("--artifact") { Description = "The model artifact file to upload.", Required = true };
        var metadata = new Option<FileInfo?>("--metadata") { Description = "A JSON file with flavor, metrics, tags, signature, description, lineage (see docs/cli.md)." };
        var flavor = new Option<string?>("--flavor") { Description = "The artifact's flavor (overrides the metadata file's)." };
        var extra = new Option<string[]>("--extra-file")
        {
            Description = "An extra file stored with the artifact, as name=path (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("register", "Register a new version from an artifact file and a metadata JSON file.") { model, artifact, metadata, flavor, extra };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var name = parse.GetRequiredValue(model);
            var meta = await ReadMetadataAsync(parse.GetValue(metadata), ct).ConfigureAwait(false);
            var chosenFlavor = parse.GetValue(flavor) ?? meta.Flavor
                ?? throw new CliUsageException("the flavor is missing: set \"flavor\" in the metadata file or pass --flavor");
            var artifactFile = parse.GetRequiredValue(artifact);
            var streams = new List<Stream>();
            try
            {
                var progress = session.Configuration["Progress"];
                var artifactStream = OpenInput(artifactFile.FullName, "--artifact", progress, streams);
                var extraStreams = new Dictionary<string, Stream>(StringComparer.Ordinal);
                foreach (var spec in parse.GetValue(extra) ?? [])
                {
                    var separator = spec.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0 || separator == spec.Length - 1)
                    {
                        throw new CliUsageException($"--extra-file '{spec}' must be name=path");
                    }

                    var fileName = spec[..separator];
                    if (!extraStreams.TryAdd(fileName, OpenInput(Path.GetFullPath(spec[(separator + 1)..]), $"--extra-file {fileName}", progress, streams)))
                    {
                        throw new CliUsageException($"--extra-file names '{fileName}' twice");
                    }
                }

                var registered = await session.Registry.RegisterAsync(
                    new ModelVersionRegistration
                    {
                        ModelName = name,
                        Flavor = chosenFlavor,
                        Artifact = artifactStream,
                        ExtraFiles = extraStreams,
                        Signature = meta.Signature,
                        Metrics = meta.Metrics ?? [],
                        Parameters = meta.Parameters ?? [],
                        Tags = meta.Tags ?? [],
                        Description = meta.Description,
                        Lineage = meta.Lineage,
                        InputExample = meta.InputExample,
                        IdempotencyKey = meta.IdempotencyKey,
                        Reason = meta.Reason,
                    },
                    ct).ConfigureAwait(false);

                if (meta.ModelCard is { } card)
                {
                    await session.Governance.SaveModelCardAsync(name, registered.Version, card, ct).ConfigureAwait(false);
                }

                session.Output.Result(registered, text =>
                {
                    text.WriteLine($"Registered {registered.ModelName} version {registered.Version.ToString(CultureInfo.InvariantCulture)} ({registered.Status}).");
                    WriteVersion(text, registered);
                });
                return ExitCodes.Success;
            }
            finally
            {
                foreach (var stream in streams)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    internal static void WriteVersion(TextWriter text, ModelVersion v)
    {
        var c = CultureInfo.InvariantCulture;
        text.WriteLine($"Model:       {v.ModelName}");
        text.WriteLine($"Version:     {v.Version.ToString(c)}");
        text.WriteLine($"Status:      {v.Status}");
        text.WriteLine($"Flavor:      {v.Flavor}");
        text.WriteLine($"Registered:  {CommandArguments.Format(v.RegisteredAt)} by {v.RegisteredBy}");
        text.WriteLine($"Description: {v.Description ?? "-"}");
        text.WriteLine($"Artifact:    {v.Artifact.Name} {v.Artifact.Length.ToString(c)} bytes sha256:{v.Artifact.Sha256}");
        foreach (var file in v.ExtraFiles)
        {
            text.WriteLine($"Extra file:  {file.Name} {file.Length.ToString(c)} bytes sha256:{file.Sha256}");
        }

        WriteMap(text, "Metrics", v.Metrics.ToDictionary(m => m.Key, m => CommandArguments.Format(m.Value), StringComparer.Ordinal));
        WriteMap(text, "Parameters", v.Parameters);
        WriteMap(text, "Tags", v.Tags);
        foreach (var (label, fields) in new[] { ("Input", v.Signature.Inputs), ("Output", v.Signature.Outputs) })
        {
            foreach (var field in fields)
            {
                var shape = field.Shape is { Count: > 0 } s ? $"[{string.Join(',', s)}]" : string.Empty;
                text.WriteLine($"{label + ":",-12} {field.Name} {field.DataType}{shape}{(field.IsOptional ? " (optional)" : string.Empty)}");
            }
        }

        text.WriteLine($"Lineage:     parent {CommandArguments.Format(v.Lineage.ParentVersion)}, source {v.Lineage.SourceRevision ?? "-"}, data {v.Lineage.TrainingDataFingerprint ?? "-"}");
    }

    private static void WriteMap(TextWriter text, string label, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count > 0)
        {
            text.WriteLine($"{label + ":",-12} {string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}");
        }
    }

    private static async Task<VersionMetadataFile> ReadMetadataAsync(FileInfo? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return new VersionMetadataFile();
        }

        if (!file.Exists)
        {
            throw new CliUsageException($"--metadata: the file '{file.FullName}' does not exist");
        }

        try
        {
            var stream = file.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync<VersionMetadataFile>(stream, CliJson.InputOptions, cancellationToken).ConfigureAwait(false)
                    ?? throw new CliUsageException($"--metadata: the file '{file.FullName}' holds null");
            }
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"--metadata: the file '{file.FullName}' is not valid metadata: {ex.Message}", ex);
        }
    }

    private static Stream OpenInput(string path, string option, string? progress, List<Stream> opened)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"{option}: the file '{path}' does not exist");
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        Stream stream;
        try
        {
            stream = UploadProgressStream.Wrap(file, Path.GetFileName(path), progress);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        opened.Add(stream);
        return stream;
    }
}
