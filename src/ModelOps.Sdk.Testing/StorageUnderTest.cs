using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

/// <summary>
/// The stores of one storage provider under test, as returned by <see cref="StorageProviderContractTests.CreateStorageAsync"/>:
/// a metadata store and an artifact store over fresh, empty storage, plus optionally a way to open more store instances over the
/// same storage.
/// </summary>
/// <remarks>
/// The contract tests dispose it at the end of each test, after every registry built over its stores has been disposed.
/// </remarks>
public sealed class StorageUnderTest : IAsyncDisposable
{
    private readonly Func<ValueTask>? _dispose;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="StorageUnderTest"/> class.</summary>
    /// <param name="metadata">The metadata store, over empty storage.</param>
    /// <param name="artifacts">The artifact store, over empty storage.</param>
    /// <param name="dispose">Releases what the factory created (for example deletes a temporary folder), or <see langword="null"/>.</param>
    public StorageUnderTest(IModelMetadataStore metadata, IArtifactStore artifacts, Func<ValueTask>? dispose = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(artifacts);
        Metadata = metadata;
        Artifacts = artifacts;
        _dispose = dispose;
    }

    /// <summary>Gets the metadata store.</summary>
    public IModelMetadataStore Metadata { get; }

    /// <summary>Gets the artifact store.</summary>
    public IArtifactStore Artifacts { get; }

    /// <summary>
    /// Gets a factory that opens a second pair of store instances over the <em>same</em> underlying storage (for example a second
    /// <c>FileSystemMetadataStore</c> on the same folder), simulating another process or machine sharing the store.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: the storage cannot be shared between instances (an in-memory store), and the
    /// tests that need a second instance reuse the same store objects.
    /// </value>
    public Func<ValueTask<StorageUnderTest>>? OpenAnotherInstance { get; init; }

    /// <summary>Releases the storage by calling the dispose callback once.</summary>
    /// <returns>A task that completes when the storage is released.</returns>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 && _dispose is not null ? _dispose() : default;
}
