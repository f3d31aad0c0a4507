namespace ModelOps.Sdk.Explanations;

/// <summary>
/// The form a reason-code table is read in: settable, so members a hand-written table leaves out keep their documented defaults
/// (the source-generated reader of an init-only record sets every member, to its default value when absent).
/// </summary>
internal sealed class StoredReasonCodeTable
{
    public int SchemaVersion { get; set; } = ReasonCodeTable.CurrentSchemaVersion;

    public string? Output { get; set; }

    public int MaxReasons { get; set; } = new ReasonCodeTable().MaxReasons;

    public List<ReasonCodeEntry?>? Entries { get; set; }

    public ReasonCodeTable ToTable() => new()
    {
        SchemaVersion = SchemaVersion,
        Output = Output,
        MaxReasons = MaxReasons,
        Entries = Entries is null ? null! : [.. Entries!],
    };
}
