using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Testing;

/// <summary>
/// The stores of one storage provider under test, as a contract's storage factory returns them: a metadata store and an artifact
/// store over fresh, empty storage, and a factory that opens a second instance over the same storage.
/// </summary>
/// <remarks>
/// The contract checks dispose it at the end of each check, after every registry built over its stores has been disposed. Every
/// check that involves a second process opens one with <see cref="OpenAnotherInstance"/> and fails when it is not set.
/// </remarks>
public sealed class StorageUnderTest : IAsyncDisposable
{
    private readonly Func<ValueTask>? _dispose;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="StorageUnderTest"/> class.</summary>
    /// <param name="metadata">The metadata store, over empty storage.</param>
    /// <param name="artifacts">The artifact store, over empty storage.</param>
    /// <param name="openAnotherInstance">
    /// Opens a second pair of store instances over the <em>same</em> storage (for example a second <c>FileSystemMetadataStore</c>
    /// on the same folder, or a store with its own connection pool on the same database), as another process sharing the storage
    /// would have them.
    /// </param>
    /// <param name="dispose">Releases what the factory created (for example deletes a temporary folder), or <see langword="null"/>.</param>
    public StorageUnderTest(
        IModelMetadataStore metadata,
        IArtifactStore artifacts,
        Func<ValueTask<StorageUnderTest>> openAnotherInstance,
        Func<ValueTask>? dispose)
        : this(metadata, artifacts, dispose)
    {
        ArgumentNullException.ThrowIfNull(openAnotherInstance);
        OpenAnotherInstance = openAnotherInstance;
    }

    /// <summary>Initializes a new instance of the <see cref="StorageUnderTest"/> class without a second-instance factory.</summary>
    /// <param name="metadata">The metadata store, over empty storage.</param>
    /// <param name="artifacts">The artifact store, over empty storage.</param>
    /// <param name="dispose">Releases what the factory created (for example deletes a temporary folder), or <see langword="null"/>.</param>
    /// <remarks>
    /// Set <see cref="OpenAnotherInstance"/> as well: the checks that involve a second process fail without it. Prefer the
    /// constructor that takes the factory, or <see cref="SingleProcess"/> for a store that cannot be shared.
    /// </remarks>
    // The shape ModelOps.Sdk.Testing had before the factory became a constructor argument, kept so existing test classes compile.
#pragma warning disable RS0027 // the overload with the optional parameter is the older one, kept for compatibility
    public StorageUnderTest(IModelMetadataStore metadata, IArtifactStore artifacts, Func<ValueTask>? dispose = null)
#pragma warning restore RS0027
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
    /// Gets a factory that opens a second pair of store instances over the <em>same</em> underlying storage, simulating another
    /// process or machine sharing the store.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/> with the constructor that does not take it; the checks that involve a second
    /// process then fail with a message saying so.
    /// </value>
    public Func<ValueTask<StorageUnderTest>>? OpenAnotherInstance { get; init; }

    /// <summary>
    /// Wraps the stores of a provider that cannot be shared between processes (an in-memory store): the "second instance" is the
    /// same store objects, so the checks of two processes run within one process only.
    /// </summary>
    /// <param name="metadata">The metadata store, over empty storage.</param>
    /// <param name="artifacts">The artifact store, over empty storage.</param>
    /// <param name="dispose">Releases what the factory created, or <see langword="null"/>; called once, for the first instance.</param>
    /// <returns>The stores under test.</returns>
    public static StorageUnderTest SingleProcess(IModelMetadataStore metadata, IArtifactStore artifacts, Func<ValueTask>? dispose = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(artifacts);
        return new StorageUnderTest(metadata, artifacts, OpenSameStores, dispose);

        ValueTask<StorageUnderTest> OpenSameStores() => ValueTask.FromResult(new StorageUnderTest(metadata, artifacts, OpenSameStores, dispose: null));
    }

    /// <summary>Releases the storage by calling the dispose callback once.</summary>
    /// <returns>A task that completes when the storage is released.</returns>
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 && _dispose is not null ? _dispose() : default;
}
