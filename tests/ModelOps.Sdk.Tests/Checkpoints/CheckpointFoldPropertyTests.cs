using FsCheck.Xunit;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Tests.Registry;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Checkpoints;

/// <summary>The invariant checkpoints rest on: for any history, the state from a checkpoint plus the entries after it is the state of a full fold.</summary>
public sealed class CheckpointFoldPropertyTests
{
    private const string Model = "credit";
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i + 1)).ToArray());

    [Property(MaxTest = 20)]
    public async Task CheckpointPlusTail_AnyHistory_EqualsTheFullFold(int[] checkpointed, int[] tail, bool withKey)
    {
        using var directory = new TemporaryDirectory();
        var key = withKey ? Key : null;
        var every = 1 + (checkpointed.Length % 4);
        await using (var writer = ScopeCheckpointTests.Open(directory, key, every))
        {
            await writer.Registry.RegisterAsync(RegistryHost.Registration(Model));
            await ApplyAsync(writer.Registry, checkpointed);
        }

        await using (var writer = ScopeCheckpointTests.Open(directory, key))
        {
            await ApplyAsync(writer.Registry, tail);
        }

        var checkpoints = Path.Combine(directory.Path, "checkpoints");
        var hasCheckpoint = Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, $"{Model}.*").Length > 0;
        string fromCheckpoint;
        using (var outcomes = new CheckpointOutcomes())
        {
            await using var reader = ScopeCheckpointTests.Open(directory, key);
            fromCheckpoint = await ScopeCheckpointTests.StateOfAsync(reader.Registry);
            Assert.Equal(hasCheckpoint ? 1 : 0, outcomes["loaded"]);
            Assert.Equal(0, outcomes["rejected"]);
        }

        if (hasCheckpoint)
        {
            Directory.Delete(checkpoints, recursive: true);
        }

        await using var full = ScopeCheckpointTests.Open(directory, key);
        Assert.Equal(await ScopeCheckpointTests.StateOfAsync(full.Registry), fromCheckpoint);
    }

    /// <summary>Turns each number into a registry operation on the model: register, set, roll back or delete an alias, change tags or a description.</summary>
    private static async Task ApplyAsync(IModelRegistry registry, int[] operations)
    {
        foreach (var operation in operations)
        {
            var code = Math.Abs(operation % 600);
            var argument = code / 6;
            var count = (await registry.ListModelsAsync()).Single(m => m.Name == Model).LatestVersion;
            var version = (argument % count) + 1;
            var alias = $"a{argument % 2}";
            try
            {
                _ = (code % 6) switch
                {
                    0 => await registry.RegisterAsync(RegistryHost.Registration(Model)),
                    1 => (object)await registry.SetAliasAsync(Model, alias, version, reason: "set"),
                    2 => await registry.RollbackAliasAsync(Model, alias, reason: "roll back"),
                    3 => await registry.UpdateTagsAsync(Model, version, new Dictionary<string, string?> { [$"k{argument % 3}"] = argument % 2 == 0 ? null : $"v{argument}" }),
                    4 => await DeleteAsync(registry, alias),
                    _ => await registry.UpdateDescriptionAsync(Model, version, $"description {argument}"),
                };
            }
            catch (ModelOpsException)
            {
                // Rolling back or deleting an alias that has nowhere to go is refused; the history goes on.
            }
        }
    }

    private static async Task<object> DeleteAsync(IModelRegistry registry, string alias)
    {
        await registry.DeleteAliasAsync(Model, alias, reason: "delete");
        return alias;
    }
}
