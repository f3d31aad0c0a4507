using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

public sealed partial class StorageProviderContract
{
    /// <summary>
    /// A store that implements IScopeCheckpointStore returns, for each scope, the checkpoint written last, every field exactly as
    /// written, also when it is shorter than the one it replaces, and also to a second instance; nothing for a scope without one; scopes
    /// differing only in case keep separate checkpoints.
    /// </summary>
    /// <returns>A task that completes when the provider keeps the rule, and fails with <see cref="StorageContractViolationException"/> when it does not.</returns>
    public Task CheckpointStore_IfImplemented_KeepsTheLastCheckpointOfEachScopeVerbatim() => CheckAsync(
        "A store that implements IScopeCheckpointStore returns, for each scope, the checkpoint written last, every field exactly as written, also when it is shorter than the one it replaces, and also to a second instance; nothing for a scope without one; scopes differing only in case keep separate checkpoints.",
        async () =>
        {
            await using var storage = await CreateStorageAsync();
            if (storage.Metadata is not IScopeCheckpointStore store)
            {
                return;
            }

            Check.True(await store.ReadCheckpointAsync("model-a") is null, "ReadCheckpointAsync returned a checkpoint for a scope that has none.");
            var written = new Dictionary<string, ScopeCheckpoint>(StringComparer.Ordinal)
            {
                ["model-a"] = Checkpoint("model-a", 1_200, signed: true),
                ["Model-A"] = Checkpoint("Model-A", 7, signed: false),
                ["$registry"] = Checkpoint("$registry", 3, signed: true),
            };
            foreach (var checkpoint in written.Values)
            {
                await store.WriteCheckpointAsync(checkpoint);
            }

            // A rebuilt checkpoint replaces a longer one: a forged checkpoint may claim more entries than the scope holds.
            written["model-a"] = Checkpoint("model-a", 2, signed: true);
            await store.WriteCheckpointAsync(written["model-a"]);

            await using var other = await OpenAnotherInstanceAsync(storage);
            var otherStore = other.Metadata as IScopeCheckpointStore;
            Check.True(otherStore is not null, "The first instance implements IScopeCheckpointStore and the second does not.");
            foreach (var (name, reader) in new[] { ("first", store), ("second", otherStore!) })
            {
                foreach (var (scope, expected) in written)
                {
                    var read = await reader.ReadCheckpointAsync(scope);
                    Check.True(
                        read == expected,
                        $"ReadCheckpointAsync(\"{scope}\") on the {name} instance returned {Describe(read)}; the checkpoint written last is {Describe(expected)}.");
                }

                Check.True(await reader.ReadCheckpointAsync("model-b") is null, $"ReadCheckpointAsync on the {name} instance returned a checkpoint for a scope that has none.");
            }

            await Check.ThrowsAnyAsync<ArgumentNullException>(async () => await store.WriteCheckpointAsync(null!));
        });

    private static ScopeCheckpoint Checkpoint(string scope, long length, bool signed) => new()
    {
        Scope = scope,
        Length = length,
        EntryHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{scope}/{length}"))),
        FormatVersion = 1,

        // Text a store might mangle: quotes, backslashes, a line break, non-ASCII, and a size past small buffers.
        State = $$"""{"scope":"{{scope}}","note":"quote \" backslash \\ line\nbreak é 模型","padding":"{{new string('x', 70_000)}}"}""",
        Signature = signed ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"signature of {scope} at {length}")) : null,
        KeyId = signed ? "key-2026" : null,
    };

    private static string Describe(ScopeCheckpoint? checkpoint) => checkpoint is null
        ? "nothing"
        : $"'{checkpoint.Scope}' at {checkpoint.Length} entries (hash {checkpoint.EntryHash}, format {checkpoint.FormatVersion}, {checkpoint.State.Length} characters of state, key {checkpoint.KeyId ?? "none"})";
}
