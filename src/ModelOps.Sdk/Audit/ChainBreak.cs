namespace ModelOps.Sdk.Audit;

/// <summary>Where and how a scope's chain first failed the replica's checks: the first entry that does not verify.</summary>
internal sealed record ChainBreak(string Scope, long Index, long Sequence, AuditViolationKind Kind, string Detail)
{
    public AuditChainBrokenException ToException() => new(Scope, Index, Kind, Detail);
}
