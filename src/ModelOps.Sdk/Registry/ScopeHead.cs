using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// The head of one journal scope as the replica has checked it: how many entries, the last hash, the first break, and the last
/// sequence applied. Shared by a folded model (<see cref="ModelState"/>) and an index row (<see cref="ScopeSummary"/>), so both are
/// checked entry by entry the same way.
/// </summary>
internal abstract class ScopeHead
{
    protected ScopeHead(string scope)
    {
        Scope = scope;
    }

    public string Scope { get; }

    /// <summary>The number of entries in the scope (the next entry's index).</summary>
    public long Length { get; set; }

    /// <summary>The last entry's hash (the next entry's previous hash).</summary>
    public string HeadHash { get; set; } = Hashing.HashHex.ZeroHash;

    /// <summary>
    /// The first entry of the scope that failed the replica's checks (hash, link, index, signature), or <see langword="null"/> while the
    /// chain verifies; read without the lock on the alias fast path.
    /// </summary>
    public volatile ChainBreak? Break;

    /// <summary>The sequence of the last entry applied: an entry read again (by the tail after a scope read) is not applied twice.</summary>
    public long AppliedSequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
