namespace ModelOps.Sdk.Storage;

/// <summary>
/// An optional capability of an <see cref="IModelMetadataStore"/>: a clock shared by every process that uses the store (for
/// example the database server's clock), from which the registry stamps the journal entries it appends.
/// </summary>
/// <remarks>
/// <para>
/// Without it, each registry instance stamps entries from its own <see cref="TimeProvider"/>, so a fleet whose machines' clocks
/// disagree records alias moves and audit entries in times that do not compare across machines, and "which version was champion
/// at time T" can have two answers. A store that implements this interface gives every instance one clock.
/// </para>
/// <para>
/// The registry asks for the time once per write, after it has read the scope it is about to append to and before it hashes the
/// entry (the timestamp is part of the entry's hash, so it cannot be assigned by the store at commit). It still keeps each scope's
/// timestamps non-decreasing.
/// </para>
/// </remarks>
public interface IJournalClock
{
    /// <summary>Reads the store's clock.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>
    /// The current UTC time by the store's clock, or <see langword="null"/> when the store is configured to leave timestamps to the
    /// registry's <see cref="TimeProvider"/>.
    /// </returns>
    ValueTask<DateTimeOffset?> GetUtcNowAsync(CancellationToken cancellationToken = default);
}
