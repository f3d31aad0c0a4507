namespace ModelOps.Sdk.Explanations;

/// <summary>
/// A model version's reason-code table: how the top contributions of a decision (or its fired rules) read in human text, as an
/// adverse-action notice needs them. Stored with the version as a <see cref="DocumentKinds.ReasonCodes"/> document and validated when
/// stored (<see cref="ExplanationJson.ReadReasonCodeTable"/>).
/// </summary>
/// <remarks>
/// An explanation's reason codes are the first <see cref="MaxReasons"/> contributions, in decreasing order of their absolute size,
/// that have an entry for their feature and direction (a contribution of 0 has no direction and gives no reason), followed by none
/// beyond that count. For a rule set, each fired rule with an entry gives a reason, in table order, up to the same count. Write entries
/// only for the direction you want reasons for (the one toward decline, for an adverse-action notice).
/// </remarks>
public sealed record ReasonCodeTable
{
    /// <summary>The schema version this library writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Gets the schema version of the table.</summary>
    /// <value>The default value is <see cref="CurrentSchemaVersion"/>.</value>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>
    /// Gets the numeric output whose contributions are explained (for example <c>Score</c> or <c>Probability</c>), or
    /// <see langword="null"/> for the first numeric scalar output of the version's signature.
    /// </summary>
    public string? Output { get; init; }

    /// <summary>Gets the most reasons an explanation gives.</summary>
    /// <value>The default value is 4, the number of principal reasons Regulation B (12 CFR 1002.9) deems sufficient.</value>
    public int MaxReasons { get; init; } = 4;

    /// <summary>Gets the entries.</summary>
    public IReadOnlyList<ReasonCodeEntry> Entries { get; init; } = [];
}
