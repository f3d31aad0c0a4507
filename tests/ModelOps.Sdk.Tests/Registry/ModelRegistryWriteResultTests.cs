using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// Every write returns what its own committed journal entry says, even when another instance sharing the filesystem store
/// commits right after it (a later writer's state must never be reported as the caller's).
/// </summary>
public sealed class ModelRegistryWriteResultTests : IDisposable
{
    private const string Model = "credit";
    private const string Champion = "champion";
    private readonly TemporaryDirectory _root = new();
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromMinutes(2));

    public void Dispose()
    {
        _deadline.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task MoveAliasAsync_AnotherInstanceMovesRightAfterTheCommit_ReturnsTheCallersOwnMove()
    {
        await using var other = BuildProvider();
        var otherRegistry = other.GetRequiredService<IModelRegistry>();
        var interposer = new InterposingStore();
        await using var mine = BuildProvider(interposer);
        var registry = mine.GetRequiredService<IModelRegistry>();
        for (var i = 0; i < 3; i++)
        {
            await registry.RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);
        }

        await registry.SetAliasAsync(Model, Champion, 1, cancellationToken: _deadline.Token);
        interposer.AfterNextCommit = ct => otherRegistry.SetAliasAsync(Model, Champion, 3, "the other writer", ct);

        var moved = await registry.MoveAliasAsync(Model, Champion, 2, expectedCurrentVersion: 1, "mine", _deadline.Token);

        Assert.Equal(2, moved.Version);
        var history = await registry.GetAliasHistoryAsync(Model, Champion, _deadline.Token);
        var own = Assert.Single(history, c => c.Sequence == moved.Sequence);
        Assert.Equal(("mine", 2, moved.UpdatedAt), (own.Reason, own.Version, own.Timestamp));
        Assert.Equal(3, (await registry.ResolveAliasAsync(Model, Champion, _deadline.Token)).Version); // the later move did happen
    }

    [Fact]
    public async Task RollbackAliasAsync_AnotherInstanceMovesRightAfterTheCommit_ReturnsTheCallersOwnRollback()
    {
        await using var other = BuildProvider();
        var otherRegistry = other.GetRequiredService<IModelRegistry>();
        var interposer = new InterposingStore();
        await using var mine = BuildProvider(interposer);
        var registry = mine.GetRequiredService<IModelRegistry>();
        for (var i = 0; i < 3; i++)
        {
            await registry.RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);
        }

        await registry.SetAliasAsync(Model, Champion, 1, cancellationToken: _deadline.Token);
        await registry.SetAliasAsync(Model, Champion, 2, cancellationToken: _deadline.Token);
        interposer.AfterNextCommit = ct => otherRegistry.SetAliasAsync(Model, Champion, 3, "the other writer", ct);

        var rolledBack = await registry.RollbackAliasAsync(Model, Champion, "mine", _deadline.Token);

        Assert.Equal(1, rolledBack.Version);
        var history = await registry.GetAliasHistoryAsync(Model, Champion, _deadline.Token);
        Assert.Equal(("mine", AliasChangeKind.RolledBack), Assert.Single(history, c => c.Sequence == rolledBack.Sequence) is var own ? (own.Reason, own.Kind) : default);
    }

    [Fact]
    public async Task UpdateTagsAsync_AnotherInstanceUpdatesRightAfterTheCommit_ReturnsTheCallersOwnTags()
    {
        await using var other = BuildProvider();
        var otherRegistry = other.GetRequiredService<IModelRegistry>();
        var interposer = new InterposingStore();
        await using var mine = BuildProvider(interposer);
        var registry = mine.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);
        interposer.AfterNextCommit = ct => otherRegistry.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["owner"] = "other" }, cancellationToken: ct);

        var updated = await registry.UpdateTagsAsync(Model, 1, new Dictionary<string, string?> { ["owner"] = "mine" }, cancellationToken: _deadline.Token);

        Assert.Equal("mine", updated.Tags["owner"]);
        Assert.Equal("other", (await registry.GetVersionAsync(Model, 1, _deadline.Token)).Tags["owner"]);
        Assert.True(updated.Sequence < (await registry.GetVersionAsync(Model, 1, _deadline.Token)).Sequence);
    }

    [Fact]
    public async Task TransitionAsync_AnotherInstanceTransitionsRightAfterTheCommit_ReturnsTheCallersOwnStatus()
    {
        await using var other = BuildProvider();
        var otherRegistry = other.GetRequiredService<IModelRegistry>();
        var interposer = new InterposingStore();
        await using var mine = BuildProvider(interposer);
        var registry = mine.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);
        interposer.AfterNextCommit = ct => otherRegistry.TransitionAsync(Model, 1, ModelVersionStatus.Archived, cancellationToken: ct);

        var approved = await registry.TransitionAsync(Model, 1, ModelVersionStatus.Approved, cancellationToken: _deadline.Token);

        Assert.Equal(ModelVersionStatus.Approved, approved.Status);
        Assert.Equal(ModelVersionStatus.Archived, (await registry.GetVersionAsync(Model, 1, _deadline.Token)).Status);
    }

    [Fact]
    public async Task RegisterAsync_AnotherInstanceDescribesTheVersionRightAfterTheCommit_ReturnsTheVersionAsRegistered()
    {
        await using var other = BuildProvider();
        var otherRegistry = other.GetRequiredService<IModelRegistry>();
        var interposer = new InterposingStore();
        await using var mine = BuildProvider(interposer);
        var registry = mine.GetRequiredService<IModelRegistry>();
        interposer.AfterNextCommit = ct => otherRegistry.UpdateDescriptionAsync(Model, 1, "changed by the other writer", cancellationToken: ct);

        var registered = await registry.RegisterAsync(
            new ModelVersionRegistration { ModelName = Model, Flavor = "onnx", Artifact = new MemoryStream([1, 2, 3]), Description = "as registered" },
            _deadline.Token);

        Assert.Equal(("as registered", ModelVersionStatus.PendingApproval), (registered.Description, registered.Status));
        var entries = await registry.ReadAuditLogAsync(Model, _deadline.Token);
        Assert.Equal(registered.Sequence, Assert.Single(entries, e => e.Operation == AuditOperations.VersionRegistered).Sequence);
        Assert.Equal("changed by the other writer", (await registry.GetVersionAsync(Model, 1, _deadline.Token)).Description);
    }

    [Fact]
    public async Task SetAliasAsync_FourInstancesRacing_EachCallReturnsItsOwnEntry()
    {
        const int writers = 4;
        const int movesPerWriter = 150;
        var providers = Enumerable.Range(0, writers).Select(_ => BuildProvider()).ToArray();
        try
        {
            var registries = providers.Select(p => p.GetRequiredService<IModelRegistry>()).ToArray();
            for (var i = 0; i < 2 * writers; i++)
            {
                await registries[0].RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);
            }

            await Task.WhenAll(registries.Select(r => r.RefreshAsync(_deadline.Token).AsTask()));
            var returned = new ConcurrentBag<(string Reason, ModelAlias Alias)>();
            using var start = new Barrier(writers);
            var threads = Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(async () =>
            {
                start.SignalAndWait(_deadline.Token);
                for (var k = 0; k < movesPerWriter; k++)
                {
                    // Each writer alternates between two versions of its own, so every call writes an entry, and a returned version
                    // names the writer whose entry it is.
                    var reason = $"writer {w} move {k}";
                    returned.Add((reason, await registries[w].SetAliasAsync(Model, Champion, (2 * w) + 1 + (k % 2), reason, _deadline.Token)));
                }
            }, _deadline.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
            await Task.WhenAll(threads).WaitAsync(_deadline.Token);

            await registries[0].RefreshAsync(_deadline.Token);
            var history = (await registries[0].GetAliasHistoryAsync(Model, Champion, _deadline.Token)).ToDictionary(c => c.Sequence);
            var wrong = returned.Where(r => !history.TryGetValue(r.Alias.Sequence, out var change) || change.Reason != r.Reason || change.Version != r.Alias.Version).ToArray();
            Assert.True(wrong.Length == 0, $"{wrong.Length} of {returned.Count} calls returned an entry that is not their own, e.g. {string.Join("; ", wrong.Take(3).Select(w => $"{w.Reason} got v{w.Alias.Version} at {w.Alias.Sequence}"))}");
            Assert.Equal(writers * movesPerWriter, returned.Count);
            Assert.Equal(writers * movesPerWriter, history.Count);
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    private ServiceProvider BuildProvider(InterposingStore? interposer = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddModelOps(o => o.ChangePollInterval = TimeSpan.FromMinutes(5)).UseFileSystem(_root.Path);
        if (interposer is not null)
        {
            var fileSystem = services.Last(d => d.ServiceType == typeof(IModelMetadataStore)).ImplementationFactory!;
            builder.UseMetadataStore(sp => interposer.Wrap((IModelMetadataStore)fileSystem(sp)));
        }

        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The filesystem store, with a hook that lets another writer commit after an append is durable and before the caller hears of it:
    /// the widest form of the window in which concurrent processes interleave.
    /// </summary>
    private sealed class InterposingStore : IModelMetadataStore
    {
        private IModelMetadataStore? _inner;

        public Func<CancellationToken, Task>? AfterNextCommit { get; set; }

        private IModelMetadataStore Inner => _inner ?? throw new InvalidOperationException("Not wrapped yet.");

        public InterposingStore Wrap(IModelMetadataStore inner)
        {
            _inner = inner;
            return this;
        }

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => Inner.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            Inner.ReadAsync(afterSequence, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
            Inner.ReadScopeAsync(scope, cancellationToken);

        public async ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
        {
            var result = await Inner.AppendAsync(scope, expectedLength, entries, cancellationToken);
            if (result.IsCommitted && AfterNextCommit is { } hook)
            {
                AfterNextCommit = null;
                await hook(cancellationToken);
            }

            return result;
        }
    }
}
