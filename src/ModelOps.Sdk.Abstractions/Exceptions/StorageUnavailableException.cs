namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a storage provider cannot reach the service it stores in (a database server, an object store) within its timeouts
/// and retries: a transient fault such as a restart, a network outage or an exhausted connection limit, not bad input.
/// </summary>
/// <remarks>
/// <para>
/// Try again later; the registry keeps serving what its replica already holds (resolved aliases, loaded versions), and watchers
/// resume on their own once the store is reachable again, without missing a change.
/// </para>
/// <para>
/// A write that failed this way did not take effect unless the connection broke while the store was committing it; the registry
/// then sees the committed change when it next reads. Registrations carrying an
/// <see cref="ModelVersionRegistration.IdempotencyKey"/> can always be retried safely.
/// </para>
/// <para>
/// <see cref="Location"/> and the message describe where the store is (host, port, database, bucket) and never contain credentials.
/// </para>
/// </remarks>
public sealed class StorageUnavailableException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="StorageUnavailableException"/> class.</summary>
    /// <param name="location">Where the store is, without credentials (for example <c>PostgreSQL db.internal:5432/models, schema modelops</c>).</param>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="attempts">How many attempts were made before giving up.</param>
    /// <param name="innerException">The last transient fault.</param>
    public StorageUnavailableException(string location, string message, int attempts, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
        Attempts = attempts;
    }

    /// <summary>Gets where the store is, without credentials.</summary>
    public string Location { get; }

    /// <summary>Gets how many attempts were made before giving up (1 when retries are disabled).</summary>
    public int Attempts { get; }
}
