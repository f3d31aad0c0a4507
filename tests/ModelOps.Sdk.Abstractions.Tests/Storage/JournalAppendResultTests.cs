using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Abstractions.Tests.Storage;

public sealed class JournalAppendResultTests
{
    [Fact]
    public void Conflict_IsNotCommittedAndHasNoEntries()
    {
        var result = JournalAppendResult.Conflict(currentLength: 7);

        Assert.False(result.IsCommitted);
        Assert.Empty(result.Entries);
        Assert.Equal(7, result.CurrentLength);
    }

    [Fact]
    public void Committed_KeepsTheEntriesAsStored()
    {
        var entry = new JournalEntry
        {
            Scope = "credit",
            Index = 0,
            Sequence = 1,
            Timestamp = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
            Kind = "version.registered",
            Payload = "{}",
            PreviousHash = new string('0', 64),
            Hash = new string('1', 64),
        };

        var result = JournalAppendResult.Committed([entry], currentLength: 1);

        Assert.True(result.IsCommitted);
        Assert.Same(entry, Assert.Single(result.Entries));
    }

    [Fact]
    public void AuditVerificationResult_IsValidOnlyWithoutViolations()
    {
        Assert.True(new AuditVerificationResult("credit", 3, []).IsValid);
        Assert.False(new AuditVerificationResult("credit", 3, [new AuditViolation(1, 1, AuditViolationKind.ContentAltered, "edited")]).IsValid);
    }

    [Fact]
    public void ModelSignature_Empty_HasNoFields()
    {
        Assert.Empty(ModelSignature.Empty.Inputs);
        Assert.Empty(ModelSignature.Empty.Outputs);
        Assert.Same(ModelSignature.Empty, ModelSignature.Empty);
    }

    [Fact]
    public void ModelOpsOptions_Defaults_AreTheDocumentedOnes()
    {
        var options = new ModelOpsOptions();

        Assert.Equal(TimeSpan.FromSeconds(1), options.ChangePollInterval);
        Assert.Null(options.AuditSigningKey);
        Assert.Equal("default", options.AuditSigningKeyId);
        Assert.Equal(16 * 1024 * 1024, options.MaxDocumentBytes);
        Assert.Equal("ModelOps", ModelOpsOptions.SectionName);
    }
}
