using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

/// <summary>
/// The checks every ModelOps.Sdk storage provider must pass, independent of any test framework: each public method checks one
/// rule on fresh storage from the factory and throws <see cref="StorageContractViolationException"/> naming the rule when the
/// provider breaks it.
/// </summary>
/// <remarks>
/// <para>
/// The checks cover the guarantees of <see cref="IModelMetadataStore"/> and <see cref="IArtifactStore"/> at two levels: directly on
/// the stores (atomic compare-and-append, contiguous indexes, case-sensitive scopes, a registry-wide sequence that grows by exactly
/// 1, reads across page boundaries, verbatim fields including timestamp offsets and payload whitespace, cancellation that never
/// hides a commit, gapless indexes under concurrent appenders on two instances, the optional <see cref="IJournalClock"/> and
/// <see cref="IJournalChangeNotifier"/> capabilities, content-addressed uploads that become visible only on commit), and through a
/// real registry built over the stores (gapless versions under concurrency, idempotency, immutability, lifecycle, aliases and
/// rollback, history and point-in-time resolution, documents, the audit chain, watching from a second instance, input validation).
/// </para>
/// <para>
/// Every check that involves other processes opens a second store instance with <see cref="StorageUnderTest.OpenAnotherInstance"/>;
/// a check that needs it fails when it is not set. Each check gets its own storage, so checks may run in parallel. The
/// registry's clock is a <see cref="FakeTimeProvider"/>: no check sleeps.
/// </para>
/// <para>
/// Test-framework front ends (<c>StorageProviderContractTests</c> in <c>ModelOps.Sdk.Testing</c> for xunit v2 and in
/// <c>ModelOps.Sdk.Testing.XunitV3</c> for xunit v3) run each method as one test; any other framework can call them directly.
/// </para>
/// </remarks>
public sealed partial class StorageProviderContract
{
    private static int s_nextSeed;

    private static readonly DateTimeOffset ClockStart = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly Func<ValueTask<StorageUnderTest>> _createStorage;

    /// <summary>Initializes a new instance of the <see cref="StorageProviderContract"/> class.</summary>
    /// <param name="createStorage">
    /// Creates a metadata store and an artifact store over fresh, empty storage (for example a new temporary folder or database),
    /// with a factory for a second instance over the same storage. Called at least once per check; the check disposes what it returns.
    /// </param>
    public StorageProviderContract(Func<ValueTask<StorageUnderTest>> createStorage)
    {
        ArgumentNullException.ThrowIfNull(createStorage);
        _createStorage = createStorage;
    }

    /// <summary>Gets how long a check waits for something that should happen at once (a watch item, a concurrent batch) before failing.</summary>
    /// <value>30 seconds.</value>
    public static TimeSpan WaitTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Builds the services of a registry over given stores the way an application would, with <c>AddModelOps</c>, the given clock, and an
    /// acting principal that has a name and roles (so audit entries can be checked). Resolve <see cref="IModelRegistry"/> from the result.
    /// </summary>
    /// <param name="metadata">The metadata store the registry uses.</param>
    /// <param name="artifacts">The artifact store the registry uses.</param>
    /// <param name="timeProvider">The registry's clock; advance it to simulate the passing of time.</param>
    /// <param name="configure">Sets further options, or <see langword="null"/>.</param>
    /// <returns>The service provider; dispose it before the stores.</returns>
    public static ServiceProvider CreateRegistryServices(
        IModelMetadataStore metadata,
        IArtifactStore artifacts,
        FakeTimeProvider timeProvider,
        Action<ModelOpsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(timeProvider);
        services.AddModelOps(options =>
            {
                options.ChangePollInterval = TimeSpan.FromSeconds(1);
                configure?.Invoke(options);
            })
            .UseMetadataStore(_ => metadata)
            .UseArtifactStore(_ => artifacts)
            .UseActorAccessor<ContractTestActor>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Runs one check, turning any failure into a <see cref="StorageContractViolationException"/> that names the rule.</summary>
    private static async Task CheckAsync(string rule, Func<Task> check, [CallerMemberName] string name = "")
    {
        try
        {
            await check();
        }
        catch (StorageContractViolationException)
        {
            throw;
        }
        catch (ContractCheckFailedException ex)
        {
            throw new StorageContractViolationException(name, rule, ex.Message, ex);
        }
        catch (Exception ex)
        {
            throw new StorageContractViolationException(name, rule, $"The check failed with {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private async Task<StorageUnderTest> CreateStorageAsync() =>
        await _createStorage() ?? throw new ContractCheckFailedException("The storage factory returned null.");

    private async Task<Harness> StartAsync(Action<ModelOpsOptions>? configure = null)
    {
        var storage = await CreateStorageAsync();
        Check.NotNull(storage);
        var harness = new Harness(storage, new TimerObservingTimeProvider(ClockStart), configure);
        harness.Registry = harness.AddRegistry(storage);
        return harness;
    }

    private static ModelVersionRegistration NewRegistration(string model, byte[]? content = null, string? idempotencyKey = null) => new()
    {
        ModelName = model,
        Flavor = "onnx",
        Artifact = new MemoryStream(content ?? RandomBytes(64, Interlocked.Increment(ref s_nextSeed))),
        IdempotencyKey = idempotencyKey,
    };

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    /// <summary>Opens a second instance over the same storage, or fails naming the missing factory: without it, nothing checks two processes sharing the store.</summary>
    private static async Task<StorageUnderTest> OpenAnotherInstanceAsync(StorageUnderTest storage)
    {
        if (storage.OpenAnotherInstance is not { } open)
        {
            throw new ContractCheckFailedException(
                "StorageUnderTest.OpenAnotherInstance is not set, so nothing checks two processes sharing the storage. Pass a factory "
                + "that opens new store instances over the same storage (for example new stores on the same folder or database), or, "
                + "for a store that cannot be shared between processes, create the storage with StorageUnderTest.SingleProcess.");
        }

        return await open() ?? throw new ContractCheckFailedException("StorageUnderTest.OpenAnotherInstance returned null.");
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Stores and registries of one test, disposed in the right order (registries first).</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly List<ServiceProvider> _services = [];
        private readonly List<StorageUnderTest> _otherStorage = [];
        private readonly Action<ModelOpsOptions>? _configure;

        public Harness(StorageUnderTest storage, TimerObservingTimeProvider time, Action<ModelOpsOptions>? configure)
        {
            Storage = storage;
            Time = time;
            _configure = configure;
        }

        public StorageUnderTest Storage { get; }

        public TimerObservingTimeProvider Time { get; }

        public IModelRegistry Registry { get; set; } = null!;

        public IModelRegistry AddRegistry(StorageUnderTest storage)
        {
            var services = CreateRegistryServices(JournalOnlyView.Over(storage.Metadata), storage.Artifacts, Time, _configure);
            _services.Add(services);
            return services.GetRequiredService<IModelRegistry>();
        }

        /// <summary>Opens a second store instance over the same storage.</summary>
        public async Task<StorageUnderTest> OpenAnotherStorageAsync()
        {
            var other = await OpenAnotherInstanceAsync(Storage);
            _otherStorage.Add(other);
            return other;
        }

        /// <summary>A second registry, as another process would have it, over a second store instance.</summary>
        public async Task<IModelRegistry> AddSecondRegistryAsync() => AddRegistry(await OpenAnotherStorageAsync());

        public async ValueTask DisposeAsync()
        {
            foreach (var services in _services)
            {
                await services.DisposeAsync();
            }

            foreach (var other in _otherStorage)
            {
                await other.DisposeAsync();
            }

            await Storage.DisposeAsync();
        }
    }

    /// <summary>
    /// The metadata store as the registry-level checks give it to their registries: the journal only, without the optional
    /// <see cref="IJournalClock"/> and <see cref="IJournalChangeNotifier"/>, so that entries are stamped from the checks' fake clock and
    /// a second instance learns of changes by polling, whichever capabilities the store has (the capabilities have checks of their own).
    /// <see cref="IJournalScopeReader"/> is kept when the store has it, so every registry-level check also runs over a registry that
    /// folds models lazily, as it does in production over that store.
    /// </summary>
    private class JournalOnlyView(IModelMetadataStore store) : IModelMetadataStore
    {
        public static IModelMetadataStore Over(IModelMetadataStore store) =>
            store is IJournalScopeReader reader ? new WithScopeReader(store, reader) : new JournalOnlyView(store);

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => store.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            store.ReadAsync(afterSequence, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
            store.ReadScopeAsync(scope, cancellationToken);

        public ValueTask<JournalAppendResult> AppendAsync(
            string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            store.AppendAsync(scope, expectedLength, entries, cancellationToken);

        private sealed class WithScopeReader(IModelMetadataStore store, IJournalScopeReader reader) : JournalOnlyView(store), IJournalScopeReader
        {
            public IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, CancellationToken cancellationToken = default) =>
                reader.ReadScopeFromAsync(scope, fromIndex, cancellationToken);
        }
    }

    /// <summary>Collects a watch stream into a channel, so a test can await the next item with a timeout and end the stream cleanly.</summary>
    private sealed class AliasWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Channel<AliasChange> _items = Channel.CreateUnbounded<AliasChange>();
        private readonly Task _pump;

        public AliasWatch(IModelRegistry registry, string model, string alias)
        {
            // Called directly (not on the thread pool), so the subscription exists when the constructor returns.
            _pump = PumpAsync(registry.WatchAliasAsync(model, alias, _stop.Token));
        }

        public Task Completion => _pump;

        public async Task<AliasChange> NextAsync()
        {
            try
            {
                return await _items.Reader.ReadAsync().AsTask().WaitAsync(WaitTimeout);
            }
            catch (TimeoutException)
            {
                Check.Fail($"No alias change arrived on the watch stream within {WaitTimeout}.");
                throw;
            }
            catch (ChannelClosedException)
            {
                Check.Fail("The watch stream ended before the expected alias change arrived.");
                throw;
            }
        }

        public bool TryRead(out AliasChange? change) => _items.Reader.TryRead(out change);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _pump.WaitAsync(WaitTimeout);
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task PumpAsync(IAsyncEnumerable<AliasChange> stream)
        {
            try
            {
                await foreach (var change in stream)
                {
                    _items.Writer.TryWrite(change);
                }
            }
            finally
            {
                _items.Writer.TryComplete();
            }
        }
    }
}
