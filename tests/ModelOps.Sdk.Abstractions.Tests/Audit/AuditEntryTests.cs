using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Abstractions.Tests.Audit;

public sealed class AuditEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public void FromJournalEntry_ReadsTheChainFieldsAndEveryPayloadField()
    {
        var entry = Entry(
            """{"actor":"ana","roles":["model-admin"],"reason":"better AUC","version":3,"alias":"champion","before":2,"after":{"v":3},"ungoverned":true}""");

        var audit = AuditEntry.FromJournalEntry(entry);

        Assert.Equal(("credit", 4L, 17L, At, AuditOperations.AliasMoved), (audit.Scope, audit.Index, audit.Sequence, audit.Timestamp, audit.Operation));
        Assert.Equal(("ana", "better AUC", 3, "champion"), (audit.Actor, audit.Reason, audit.Version, audit.Alias));
        Assert.Equal(["model-admin"], audit.ActorRoles);
        Assert.Equal(("2", """{"v":3}"""), (audit.Before, audit.After));
        Assert.True(audit.Ungoverned);
        Assert.Equal((entry.PreviousHash, entry.Hash, "c2lnbmF0dXJl", "key-1"), (audit.PreviousHash, audit.Hash, audit.Signature, audit.KeyId));
    }

    [Fact]
    public void FromJournalEntry_LeavesAbsentPayloadFieldsEmpty()
    {
        var audit = AuditEntry.FromJournalEntry(Entry("""{"actor":"ana"}"""));

        Assert.Equal(("ana", null, null, null, null, null, false), (audit.Actor, audit.Reason, audit.Version, audit.Alias, audit.Before, audit.After, audit.Ungoverned));
        Assert.Empty(audit.ActorRoles);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"actor":"ana","version":"three"}""")]
    public void FromJournalEntry_ShowsADamagedPayloadAsUnreadableInsteadOfThrowing(string payload)
    {
        var audit = AuditEntry.FromJournalEntry(Entry(payload));

        Assert.Equal(("(unreadable)", null, 4L), (audit.Actor, audit.Version, audit.Index));
    }

    [Fact]
    public void FromJournalEntry_RefusesNull() =>
        Assert.Throws<ArgumentNullException>("entry", () => AuditEntry.FromJournalEntry(null!));

    private static JournalEntry Entry(string payload) => new()
    {
        Scope = "credit",
        Index = 4,
        Sequence = 17,
        Timestamp = At,
        Kind = AuditOperations.AliasMoved,
        Payload = payload,
        PreviousHash = new string('a', 64),
        Hash = new string('b', 64),
        Signature = "c2lnbmF0dXJl",
        KeyId = "key-1",
    };
}
