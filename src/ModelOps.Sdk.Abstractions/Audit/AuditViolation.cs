namespace ModelOps.Sdk.Audit;

/// <summary>
/// One problem found when verifying an audit chain, located by position.
/// </summary>
/// <param name="Position">The 0-based position in the stored chain where the problem shows.</param>
/// <param name="Index">The index the entry at that position claims, if there is an entry there.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Message">A sentence saying what is wrong and where.</param>
public sealed record AuditViolation(long Position, long? Index, AuditViolationKind Kind, string Message);
