using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a model's audit chain, as the registry reads it from the store, is broken: an entry does not match its hash, does not
/// link to the entry before it, is not where its index says, or (with <see cref="ModelOpsOptions.AuditSigningKey"/> set) carries no
/// valid signature. The registry refuses to serve or change that model rather than act on state nobody can vouch for.
/// </summary>
/// <remarks>
/// <para>
/// The registry checks every entry as it loads the journal and as it catches up with other processes' changes, so an entry edited in
/// the store is caught before its content is served. Locate the damage with <see cref="IModelRegistry.VerifyAuditLogAsync"/>
/// (or <c>modelops audit verify</c>), which still reads a broken chain, and restore the store from a backup.
/// </para>
/// <para>
/// An operator who prefers availability can set <see cref="ModelOpsOptions.ServeBrokenAuditChains"/>: the registry then serves the
/// chain as stored and logs the break as an error instead of throwing.
/// </para>
/// </remarks>
public sealed class AuditChainBrokenException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="AuditChainBrokenException"/> class.</summary>
    /// <param name="modelName">The model whose chain is broken (or <see cref="AuditScopes.Registry"/> for the registry's own chain).</param>
    /// <param name="index">The position in the chain (<see cref="AuditEntry.Index"/>) of the first entry that does not verify.</param>
    /// <param name="kind">What is wrong with that entry.</param>
    /// <param name="detail">What was found, for the message.</param>
    public AuditChainBrokenException(string modelName, long index, AuditViolationKind kind, string detail)
        : base($"The audit chain of '{modelName}' is broken at entry {index} ({kind}): {detail} The registry does not serve or change '{modelName}' "
            + "until the store is restored; locate the damage with VerifyAuditLogAsync (modelops audit verify), or set "
            + "ModelOpsOptions.ServeBrokenAuditChains to serve the chain as stored.")
    {
        ModelName = modelName;
        Index = index;
        Kind = kind;
    }

    /// <summary>Gets the model whose chain is broken, or <see cref="AuditScopes.Registry"/> for the registry's own chain.</summary>
    public string ModelName { get; }

    /// <summary>Gets the position in the chain (<see cref="AuditEntry.Index"/>) of the first entry that does not verify.</summary>
    public long Index { get; }

    /// <summary>Gets what is wrong with that entry.</summary>
    public AuditViolationKind Kind { get; }
}
