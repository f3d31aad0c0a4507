using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Cli.Output;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops audit verify|log|anchor export</c>.</summary>
internal static class AuditCommands
{
    public static Command Create() => new("audit", "The tamper-evident audit log.") { CreateVerify(), CreateLog(), CreateAnchor() };

    private static Command CreateVerify()
    {
        var model = CommandArguments.Model();
        var anchorFile = new Option<FileInfo>("--anchor")
        {
            Description = "An anchor written earlier by 'audit anchor export': the chain must still reach its head unchanged (detects dropped entries).",
        };
        var command = new Command(
            "verify",
            $"Verify a model's audit chain and re-hash every version's artifact and extra files; exit code {ExitCodes.IntegrityFailure} on any mismatch.")
        {
            model,
            anchorFile,
        };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var name = parse.GetRequiredValue(model);
            var anchor = parse.GetValue(anchorFile) is { } file ? await ReadAnchorAsync(file, name, ct).ConfigureAwait(false) : null;
            var chain = await session.Registry.VerifyAuditLogAsync(name, anchor, ct).ConfigureAwait(false);
            var files = new List<FileCheck>();
            int? after = 0;
            while (after is { } from)
            {
                var page = await session.Registry.ListVersionsAsync(name, from, 100, ct).ConfigureAwait(false);
                // A purged version's bytes are no longer served, so there is nothing to check; its chain entries are checked above.
                foreach (var version in page.Items.Where(v => v.Purged is null))
                {
                    files.Add(await CheckAsync(version, version.Artifact, () => session.Registry.OpenArtifactAsync(name, version.Version, ct), ct).ConfigureAwait(false));
                    foreach (var extra in version.ExtraFiles)
                    {
                        files.Add(await CheckAsync(version, extra, () => session.Registry.OpenExtraFileAsync(name, version.Version, extra.Name, ct), ct).ConfigureAwait(false));
                    }
                }

                after = page.NextAfterVersion;
            }

            var result = new VerificationReport(name, chain.IsValid && files.TrueForAll(f => f.Valid), chain.EntryCount, chain.Violations, files) { UngovernedEntries = chain.UngovernedEntries };
            session.Output.Result(result, text =>
            {
                text.WriteLine($"Audit chain of '{name}': {chain.EntryCount.ToString(CultureInfo.InvariantCulture)} entries, " +
                    (chain.IsValid ? "intact." : $"{chain.Violations.Count.ToString(CultureInfo.InvariantCulture)} violation(s):"));
                foreach (var violation in chain.Violations)
                {
                    text.WriteLine($"  {violation.Kind} at position {violation.Position.ToString(CultureInfo.InvariantCulture)}: {violation.Message}");
                }

                if (chain.UngovernedEntries.Count > 0)
                {
                    text.WriteLine($"  Warning: {chain.UngovernedEntries.Count.ToString(CultureInfo.InvariantCulture)} entr(ies) written by a registry without governance under a stored policy, at position(s) {string.Join(", ", chain.UngovernedEntries)}.");
                }

                var table = new TextTable("VERSION", "FILE", "SHA-256", "RESULT");
                foreach (var file in files)
                {
                    table.Add(file.Version.ToString(CultureInfo.InvariantCulture), file.File, file.Sha256, file.Valid ? "ok" : "CORRUPT: " + file.Problem);
                }

                text.Write(table);
                text.WriteLine(result.Valid ? "Verified." : "Verification FAILED.");
            });
            return result.Valid ? ExitCodes.Success : ExitCodes.IntegrityFailure;
        });
        return command;
    }

    private static Command CreateAnchor()
    {
        var model = CommandArguments.Model();
        var output = new Option<FileInfo>("--output", "-o") { Description = "The file to write the anchor to (replaced if it exists); standard output when omitted." };
        var export = new Command(
            "export",
            "Write the head of a model's audit chain (index, hash, signature) as JSON, to keep somewhere the registry's writers cannot reach and pass to 'audit verify --anchor' later.")
        {
            model,
            output,
        };
        CommandAction.Set(export, async (parse, session, ct) =>
        {
            var anchor = await session.Registry.ExportAuditAnchorAsync(parse.GetRequiredValue(model), ct).ConfigureAwait(false);
            if (parse.GetValue(output) is not { } target)
            {
                session.Output.RawJson(JsonSerializer.SerializeToUtf8Bytes(anchor, CliJson.Options));
                return ExitCodes.Success;
            }

            Directory.CreateDirectory(target.DirectoryName!);

            // Written beside the target and moved into place, so a failed export never leaves a partial anchor to verify against.
            var partial = target.FullName + ".partial";
            try
            {
                await File.WriteAllBytesAsync(partial, JsonSerializer.SerializeToUtf8Bytes(anchor, CliJson.Options), ct).ConfigureAwait(false);
                File.Move(partial, target.FullName, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }

            session.Output.Result(anchor, text => text.WriteLine(
                $"Anchor of '{anchor.Scope}': entry {anchor.Index.ToString(CultureInfo.InvariantCulture)}, hash {anchor.Hash}, written to {target.FullName}."));
            return ExitCodes.Success;
        });
        return new Command("anchor", "Audit anchors: the head of a chain, kept elsewhere to detect truncation.") { export };
    }

    /// <summary>Reads an anchor file; a file that is not an anchor of this model is a usage error, not an integrity failure.</summary>
    private static async Task<AuditAnchor> ReadAnchorAsync(FileInfo file, string model, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"the anchor file '{file.FullName}' does not exist");
        }

        AuditAnchor? anchor;
        try
        {
            anchor = JsonSerializer.Deserialize<AuditAnchor>(await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false), CliJson.Options);
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"the anchor file '{file.FullName}' is not an audit anchor: {ex.Message}", ex);
        }

        if (anchor is null || string.IsNullOrEmpty(anchor.Scope) || string.IsNullOrEmpty(anchor.Hash))
        {
            throw new CliUsageException($"the anchor file '{file.FullName}' is not an audit anchor: it lacks 'scope' or 'hash'");
        }

        if (!string.Equals(anchor.Scope, model, StringComparison.Ordinal))
        {
            throw new CliUsageException($"the anchor file '{file.FullName}' is the anchor of '{anchor.Scope}', not of '{model}'");
        }

        return anchor;
    }

    private static Command CreateLog()
    {
        var model = CommandArguments.Model();
        var command = new Command("log", "Print a model's audit entries, oldest first.") { model };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var entries = await session.Registry.ReadAuditLogAsync(parse.GetRequiredValue(model), ct).ConfigureAwait(false);
            session.Output.Result(entries, text =>
            {
                var table = new TextTable("#", "WHEN", "OPERATION", "VERSION", "ALIAS", "ACTOR", "REASON");
                foreach (var entry in entries)
                {
                    table.Add(
                        entry.Index.ToString(CultureInfo.InvariantCulture),
                        CommandArguments.Format(entry.Timestamp),
                        entry.Operation,
                        CommandArguments.Format(entry.Version),
                        entry.Alias ?? string.Empty,
                        entry.Actor,
                        entry.Reason ?? string.Empty);
                }

                text.Write(table);
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<FileCheck> CheckAsync(ModelVersion version, ArtifactFile file, Func<Task<Stream>> open, CancellationToken cancellationToken)
    {
        try
        {
            // The registry's read stream re-hashes the bytes and throws at the end if they do not match.
            var stream = await open().ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            return new FileCheck(version.Version, file.Name, file.Sha256, true, null);
        }
        catch (ArtifactIntegrityException ex)
        {
            return new FileCheck(version.Version, file.Name, file.Sha256, false, ex.Message);
        }
    }

    /// <summary>The JSON shape of <c>audit verify</c>.</summary>
    internal sealed record VerificationReport(string ModelName, bool Valid, long AuditEntries, IReadOnlyList<AuditViolation> Violations, IReadOnlyList<FileCheck> Files)
    {
        /// <summary>Gets the positions of entries written by a registry without governance under a stored policy (they do not fail verification).</summary>
        public IReadOnlyList<long> UngovernedEntries { get; init; } = [];
    }

    /// <summary>One re-hashed file.</summary>
    internal sealed record FileCheck(int Version, string File, string Sha256, bool Valid, string? Problem);
}
