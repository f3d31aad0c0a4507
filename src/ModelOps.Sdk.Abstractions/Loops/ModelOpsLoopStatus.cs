namespace ModelOps.Sdk.Loops;

/// <summary>What an <see cref="IModelOpsLoop"/> last did, as its health check shows it.</summary>
/// <param name="LastRunAt">When the loop last completed a run, or <see langword="null"/> before its first.</param>
/// <param name="LastErrorAt">When the loop last failed, or <see langword="null"/> if it never did.</param>
/// <param name="LastError">Why it last failed, or <see langword="null"/>.</param>
/// <param name="Attention">A condition that needs attention although the loop runs (for example a served version without a reference
/// profile, which is therefore not monitored), or <see langword="null"/>.</param>
public sealed record ModelOpsLoopStatus(DateTimeOffset? LastRunAt, DateTimeOffset? LastErrorAt, string? LastError, string? Attention)
{
    /// <summary>Gets the status of a loop that has not run yet.</summary>
    public static ModelOpsLoopStatus NotStarted { get; } = new(null, null, null, null);
}
