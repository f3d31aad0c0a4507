namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// The result of evaluating a model's promotion policy for one version. It is stored with the version as a
/// <see cref="DocumentKinds.GateReport"/> document, and the approval it allowed names it in its audit entry.
/// </summary>
public sealed record GateReport
{
    /// <summary>Gets the JSON schema version of this report.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the version evaluated.</summary>
    public required int Version { get; init; }

    /// <summary>Gets the champion the version was compared with, if there was one.</summary>
    public int? ChampionVersion { get; init; }

    /// <summary>Gets when the policy was evaluated (UTC).</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Gets who asked for the evaluation.</summary>
    public required string EvaluatedBy { get; init; }

    /// <summary>Gets where the evaluated policy came from (<see langword="null"/> in reports written before policies could be stored).</summary>
    public Policies.PromotionPolicySource? PolicySource { get; init; }

    /// <summary>Gets the SHA-256 of the stored policy document that was evaluated, when the policy was a stored one.</summary>
    public string? PolicySha256 { get; init; }

    /// <summary>Gets each gate's result, in evaluation order.</summary>
    public required IReadOnlyList<GateResult> Results { get; init; }

    /// <summary>Gets whether every gate passed (counting overridden failures as passed).</summary>
    public bool Passed => Results.All(r => r.Passed);

    /// <summary>Gets the gates that failed, for messages.</summary>
    public IEnumerable<GateResult> Failures => Results.Where(r => !r.Passed);
}
