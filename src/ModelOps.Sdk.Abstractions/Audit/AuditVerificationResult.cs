namespace ModelOps.Sdk.Audit;

/// <summary>
/// The outcome of verifying an audit chain.
/// </summary>
/// <param name="Scope">The chain verified.</param>
/// <param name="EntryCount">How many entries are stored in it.</param>
/// <param name="Violations">Every problem found, in position order; empty when the chain is intact.</param>
public sealed record AuditVerificationResult(string Scope, long EntryCount, IReadOnlyList<AuditViolation> Violations)
{
    /// <summary>Gets a value indicating whether the chain is intact.</summary>
    public bool IsValid => Violations.Count == 0;

    /// <summary>
    /// Gets the positions of the entries marked <see cref="AuditEntry.Ungoverned"/>: changes written by a registry without governance
    /// after a policy was stored. They do not make the chain invalid (it is intact), but each is a change no policy checked.
    /// </summary>
    public IReadOnlyList<long> UngovernedEntries { get; init; } = [];
}
