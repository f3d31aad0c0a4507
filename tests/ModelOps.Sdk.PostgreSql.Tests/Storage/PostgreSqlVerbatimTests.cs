using FsCheck.Xunit;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>Every field is stored as a parameter and read back byte for byte, whatever it holds.</summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlVerbatimTests(PostgreSqlFixture fixture) : IAsyncLifetime
{
    private readonly string _schema = PostgreSqlFixture.NewSchemaName("verbatim");
    private PostgreSqlMetadataStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new PostgreSqlMetadataStore(fixture.DataSource, new PostgreSqlStorageOptions { Schema = _schema, EnableChangeNotifications = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await fixture.DropSchemaAsync(_schema);
    }

    [Property(Arbitrary = [typeof(JournalText)], MaxTest = 60)]
    public async Task AppendAsync_AnyText_IsReadBackExactly_FromTheScopeAndTheJournal(JournalText text)
    {
        var scope = "scope:" + Guid.NewGuid().ToString("N") + ":" + text.Scope;
        var entries = new[]
        {
            Entry(scope, 0, text, signature: null, keyId: null),
            Entry(scope, 1, text, signature: text.Payload, keyId: text.Kind),
        };
        var before = await _store.GetLastSequenceAsync();

        var result = await _store.AppendAsync(scope, 0, entries);

        Assert.True(result.IsCommitted);
        Assert.Equal([before + 1, before + 2], result.Entries.Select(e => e.Sequence));
        var fromScope = await _store.ReadScopeAsync(scope).ToListAsync();
        var fromJournal = await _store.ReadAsync(before).ToListAsync();
        foreach (var read in new[] { fromScope, fromJournal })
        {
            Assert.Equal(result.Entries, read);
            Assert.Equal(entries.Select(e => (e.Timestamp.UtcTicks, e.Timestamp.Offset)), read.Select(e => (e.Timestamp.UtcTicks, e.Timestamp.Offset)));
        }
    }

    private static JournalEntry Entry(string scope, long index, JournalText text, string? signature, string? keyId) => new()
    {
        Scope = scope,
        Index = index,
        Timestamp = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromMinutes(text.OffsetMinutes)).AddTicks(text.Ticks + index),
        Kind = text.Kind,
        Payload = text.Payload,
        PreviousHash = text.Payload,
        Hash = text.Kind,
        Signature = signature,
        KeyId = keyId,
    };
}
