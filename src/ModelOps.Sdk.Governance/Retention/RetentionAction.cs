namespace ModelOps.Sdk.Governance.Retention;

/// <summary>What a retention plan does with a version or a document.</summary>
public enum RetentionAction
{
    /// <summary>It stays: at least one rule keeps it.</summary>
    Keep = 0,

    /// <summary>It goes: it is purged when the plan is applied (its metadata, hashes and audit trail stay).</summary>
    Purge = 1,
}
