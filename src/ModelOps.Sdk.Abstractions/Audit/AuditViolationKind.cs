namespace ModelOps.Sdk.Audit;

/// <summary>
/// What is wrong with an audit chain at a position.
/// </summary>
public enum AuditViolationKind
{
    /// <summary>The entry's content does not match its hash: it was edited.</summary>
    ContentAltered = 0,

    /// <summary>One or more entries are missing before this position: removed.</summary>
    EntryMissing = 1,

    /// <summary>An entry that does not belong to the chain sits at this position: inserted.</summary>
    EntryInserted = 2,

    /// <summary>The entry is not where its index says it belongs: reordered.</summary>
    OutOfOrder = 3,

    /// <summary>The entry's link to the previous entry's hash is broken.</summary>
    BrokenLink = 4,

    /// <summary>The chain ends before the anchor's head: truncated.</summary>
    Truncated = 5,

    /// <summary>The entry at the anchor's index has a different hash from the anchor's: the chain was recomputed or replaced.</summary>
    AnchorMismatch = 6,

    /// <summary>The entry's signature does not verify with the configured key: forged or recomputed.</summary>
    SignatureInvalid = 7,

    /// <summary>Signing is configured but the entry carries no signature.</summary>
    SignatureMissing = 8,
}
