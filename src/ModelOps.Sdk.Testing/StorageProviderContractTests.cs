using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

/// <summary>
/// The contract tests every ModelOps.Sdk storage provider must pass: subclass this class in an xunit test project and return fresh
/// stores from <see cref="CreateStorageAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// The tests check the guarantees of <see cref="IModelMetadataStore"/> and <see cref="IArtifactStore"/> at two levels: directly on
/// the stores (atomic compare-and-append, contiguous indexes, a registry-wide sequence that grows by exactly 1, verbatim reads,
/// gapless indexes under concurrent appenders, content-addressed uploads that become visible only on commit), and through a real
/// registry built over the stores (gapless versions under concurrency, idempotency, immutability, lifecycle, aliases and rollback,
/// history and point-in-time resolution, documents, the audit chain, watching from a second instance, input validation).
/// </para>
/// <para>
/// When <see cref="StorageUnderTest.OpenAnotherInstance"/> is set, the concurrency and watching tests also run across two store
/// instances over the same storage, as two processes sharing it would. Each test gets its own storage, so the tests may run in
/// parallel. The registry's clock is a <see cref="FakeTimeProvider"/>: no test sleeps.
/// </para>
/// <para>A provider's whole test class:</para>
/// <code>
/// public sealed class MyStoreContractTests : StorageProviderContractTests
/// {
///     protected override ValueTask&lt;StorageUnderTest&gt; CreateStorageAsync() =&gt;
///         ValueTask.FromResult(new StorageUnderTest(new MyMetadataStore(), new MyArtifactStore()));
/// }
/// </code>
/// </remarks>
public abstract partial class StorageProviderContractTests
{
    /// <summary>How long a test waits for something that should happen at once (a watch item, a concurrent batch) before failing.</summary>
    protected static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private static int s_nextSeed;

    private static readonly DateTimeOffset ClockStart = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Creates a metadata store and an artifact store over fresh, empty storage (for example a new temporary folder or database).
    /// Called once per test.
    /// </summary>
    /// <returns>The stores under test; the test disposes them.</returns>
    protected abstract ValueTask<StorageUnderTest> CreateStorageAsync();

    /// <summary>
    /// Builds the services of a registry over given stores the way an application would, with <c>AddModelOps</c>, the given clock, and an
    /// acting principal that has a name and roles (so audit entries can be checked). Resolve <see cref="IModelRegistry"/> from the result.
    /// </summary>
    /// <param name="metadata">The metadata store the registry uses.</param>
    /// <param name="artifacts">The artifact store the registry uses.</param>
    /// <param name="timeProvider">The registry's clock; advance it to simulate the passing of time.</param>
    /// <param name="configure">Sets further options, or <see langword="null"/>.</param>
    /// <returns>The service provider; dispose it before the stores.</returns>
    protected static ServiceProvider CreateRegistryServices(
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

    private async Task<Harness> StartAsync(Action<ModelOpsOptions>? configure = null)
    {
        var storage = await CreateStorageAsync();
        Assert.NotNull(storage);
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
            var services = CreateRegistryServices(storage.Metadata, storage.Artifacts, Time, _configure);
            _services.Add(services);
            return services.GetRequiredService<IModelRegistry>();
        }

        /// <summary>Opens a second store instance over the same storage (or reuses the stores when the provider cannot).</summary>
        public async Task<StorageUnderTest> OpenAnotherStorageAsync()
        {
            if (Storage.OpenAnotherInstance is not { } open)
            {
                return new StorageUnderTest(Storage.Metadata, Storage.Artifacts);
            }

            var other = await open();
            Assert.NotNull(other);
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
                Assert.Fail($"No alias change arrived on the watch stream within {WaitTimeout}.");
                throw;
            }
            catch (ChannelClosedException)
            {
                Assert.Fail("The watch stream ended before the expected alias change arrived.");
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
