using System.Text;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

public sealed class FileSystemMetadataStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly List<FileSystemMetadataStore> _stores = [];

    public void Dispose()
    {
        foreach (FileSystemMetadataStore store in _stores)
        {
            store.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task AppendAsync_ThenReadFromANewStore_ReturnsEveryFieldExactly()
    {
        JournalEntry entry = TestEntries.Create("credit-risk", 0, """{"name":"credit-risk","tags":{"team":"risk"},"note":"line1\nline2 ünïcødé 😀"}""") with
        {
            Signature = "c2lnbmF0dXJl",
            KeyId = "key-2026",
        };
        JournalAppendResult result = await NewStore().AppendAsync("credit-risk", 0, [entry]);

        Assert.True(result.IsCommitted);
        Assert.Equal(1, result.CurrentLength);
        JournalEntry committed = Assert.Single(result.Entries);
        TestEntries.AssertSame(entry with { Sequence = 1 }, committed);

        FileSystemMetadataStore reopened = NewStore();
        TestEntries.AssertSame(committed, Assert.Single(await reopened.ReadScopeAsync("credit-risk").ToListAsync()));
        TestEntries.AssertSame(committed, Assert.Single(await reopened.ReadAsync(0).ToListAsync()));
        Assert.Equal(1, await reopened.GetLastSequenceAsync());
    }

    [Fact]
    public async Task AppendAsync_EntryWithoutSignature_ReadsBackWithNullSignatureAndKeyId()
    {
        await NewStore().AppendAsync("m", 0, [TestEntries.Create("m", 0)]);

        JournalEntry read = Assert.Single(await NewStore().ReadScopeAsync("m").ToListAsync());
        Assert.Null(read.Signature);
        Assert.Null(read.KeyId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task AppendAsync_ExpectedLengthStale_ReturnsConflictAndWritesNothing(long expectedLength)
    {
        FileSystemMetadataStore store = NewStore();
        await store.AppendAsync("m", 0, TestEntries.Range("m", 0, 2));
        byte[] before = await File.ReadAllBytesAsync(_directory.JournalFile);

        JournalAppendResult result = await store.AppendAsync("m", expectedLength, TestEntries.Range("m", expectedLength, 1));

        Assert.False(result.IsCommitted);
        Assert.Equal(2, result.CurrentLength);
        Assert.Empty(result.Entries);
        Assert.Equal(before, await File.ReadAllBytesAsync(_directory.JournalFile));
        Assert.Equal(2, await store.GetLastSequenceAsync());
    }

    [Fact]
    public async Task AppendAsync_StaleLengthFromAnotherStoreInstance_ReturnsConflict()
    {
        FileSystemMetadataStore first = NewStore();
        FileSystemMetadataStore second = NewStore();
        Assert.True((await first.AppendAsync("m", 0, [TestEntries.Create("m", 0)])).IsCommitted);

        JournalAppendResult result = await second.AppendAsync("m", 0, [TestEntries.Create("m", 0)]);

        Assert.False(result.IsCommitted);
        Assert.Equal(1, result.CurrentLength);
    }

    [Fact]
    public async Task AppendAsync_EntriesOfSeveralScopes_GetGaplessSequencesInCommitOrder()
    {
        FileSystemMetadataStore store = NewStore();
        var expectedScopes = new List<string>();
        var lengths = new Dictionary<string, long>();
        string[] scopes = ["alpha", "beta", "$registry"];
        for (int round = 0; round < 12; round++)
        {
            string scope = scopes[round % scopes.Length];
            int count = (round % 4) + 1;
            long length = lengths.GetValueOrDefault(scope);
            JournalAppendResult result = await store.AppendAsync(scope, length, TestEntries.Range(scope, length, count));
            Assert.True(result.IsCommitted);
            Assert.Equal(Enumerable.Range(expectedScopes.Count + 1, count).Select(i => (long)i), result.Entries.Select(e => e.Sequence));
            lengths[scope] = length + count;
            expectedScopes.AddRange(Enumerable.Repeat(scope, count));
        }

        foreach (FileSystemMetadataStore reader in new[] { store, NewStore() })
        {
            List<JournalEntry> all = await reader.ReadAsync(0).ToListAsync();
            Assert.Equal(Enumerable.Range(1, expectedScopes.Count).Select(i => (long)i), all.Select(e => e.Sequence));
            Assert.Equal(expectedScopes, all.Select(e => e.Scope));
            Assert.Equal(all.Skip(10).Select(e => e.Sequence), (await reader.ReadAsync(10).ToListAsync()).Select(e => e.Sequence));
            Assert.Empty(await reader.ReadAsync(all.Count).ToListAsync());
            foreach (string scope in scopes)
            {
                List<JournalEntry> scopeEntries = await reader.ReadScopeAsync(scope).ToListAsync();
                Assert.Equal(Enumerable.Range(0, (int)lengths[scope]).Select(i => (long)i), scopeEntries.Select(e => e.Index));
            }
        }
    }

    [Fact]
    public async Task AppendAsync_ConcurrentWritersOnTwoInstances_AssignEveryIndexOnce()
    {
        FileSystemMetadataStore[] stores = [NewStore(), NewStore()];
        const int PerWriter = 15;

        async Task<List<long>> WriteAsync(FileSystemMetadataStore store)
        {
            var got = new List<long>();
            long length = 0;
            while (got.Count < PerWriter)
            {
                JournalAppendResult result = await store.AppendAsync("shared", length, [TestEntries.Create("shared", length)]);
                if (result.IsCommitted)
                {
                    got.Add(length);
                    length++;
                }
                else
                {
                    length = result.CurrentLength;
                }
            }

            return got;
        }

        List<long>[] results = await Task.WhenAll(stores.SelectMany(s => new[] { Task.Run(() => WriteAsync(s)), Task.Run(() => WriteAsync(s)) }));

        List<long> all = [.. results.SelectMany(r => r).Order()];
        Assert.Equal(Enumerable.Range(0, 4 * PerWriter).Select(i => (long)i), all);
        List<JournalEntry> stored = await NewStore().ReadScopeAsync("shared").ToListAsync();
        Assert.Equal(all, stored.Select(e => e.Index));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AppendAsync_IndexNotExpectedLengthPlusPosition_ThrowsArgumentExceptionAndWritesNothing()
    {
        FileSystemMetadataStore store = NewStore();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => store.AppendAsync("m", 0, [TestEntries.Create("m", 0), TestEntries.Create("m", 2)]).AsTask());

        Assert.Equal("entries", exception.ParamName);
        Assert.Contains("entries[1] has index 2", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(_directory.JournalFile).Length);
    }

    [Fact]
    public async Task AppendAsync_EntryOfAnotherScope_ThrowsArgumentException()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => NewStore().AppendAsync("m", 0, [TestEntries.Create("other", 0)]).AsTask());

        Assert.Contains("scope 'other'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_NoEntries_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => NewStore().AppendAsync("m", 0, []).AsTask());
    }

    [Fact]
    public async Task AppendAsync_UnpairedSurrogate_ThrowsArgumentExceptionInsteadOfAlteringText()
    {
        FileSystemMetadataStore store = NewStore();

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => store.AppendAsync("m", 0, [TestEntries.Create("m", 0, "{\"x\":\"\uD800\"}")]).AsTask());

        Assert.Contains("Payload", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.GetLastSequenceAsync());
    }

    [Fact]
    public async Task ReadAsync_UnterminatedLastLine_IsIgnoredAndTheNextAppendTruncatesIt()
    {
        await NewStore().AppendAsync("m", 0, TestEntries.Range("m", 0, 2));
        long goodLength = new FileInfo(_directory.JournalFile).Length;
        await AppendRawAsync("""{"sequence":3,"scope":"m","index":2,"timest""");

        FileSystemMetadataStore store = NewStore();
        Assert.Equal(2, (await store.ReadAsync(0).ToListAsync()).Count);
        Assert.Equal(2, await store.GetLastSequenceAsync());
        Assert.Equal(2, (await store.ReadScopeAsync("m").ToListAsync()).Count);

        JournalAppendResult result = await store.AppendAsync("m", 2, [TestEntries.Create("m", 2)]);

        Assert.True(result.IsCommitted);
        Assert.Equal(3, Assert.Single(result.Entries).Sequence);
        string[] lines = (await File.ReadAllTextAsync(_directory.JournalFile)).Split('\n');
        Assert.Equal(4, lines.Length); // three lines and the empty string after the last '\n'
        Assert.Equal(string.Empty, lines[^1]);
        Assert.DoesNotContain("timest\"", await File.ReadAllTextAsync(_directory.JournalFile), StringComparison.Ordinal);
        Assert.True(new FileInfo(_directory.JournalFile).Length > goodLength);
        Assert.Equal([0L, 1, 2], (await NewStore().ReadScopeAsync("m").ToListAsync()).Select(e => e.Index));
    }

    [Fact]
    public async Task ReadAsync_UnparsableTerminatedLastLine_IsIgnoredAndTheNextAppendTruncatesIt()
    {
        await NewStore().AppendAsync("m", 0, [TestEntries.Create("m", 0)]);
        await AppendRawAsync("\0\0\0 not a journal entry\n");

        FileSystemMetadataStore store = NewStore();
        Assert.Equal(1, await store.GetLastSequenceAsync());
        Assert.True((await store.AppendAsync("m", 1, [TestEntries.Create("m", 1)])).IsCommitted);

        Assert.Equal([1L, 2], (await NewStore().ReadAsync(0).ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadAsync_InterruptedMultiEntryAppend_NoneOfItsEntriesAreVisible()
    {
        await NewStore().AppendAsync("m", 0, [TestEntries.Create("m", 0)]);
        await NewStore().AppendAsync("m", 1, TestEntries.Range("m", 1, 3));

        // Keep the first two lines of the three-line append, as a writer killed between lines would leave them.
        string text = await File.ReadAllTextAsync(_directory.JournalFile);
        int lastLineStart = text.LastIndexOf('\n', text.Length - 2) + 1;
        await File.WriteAllTextAsync(_directory.JournalFile, text[..lastLineStart]);

        FileSystemMetadataStore store = NewStore();
        Assert.Equal([0L], (await store.ReadScopeAsync("m").ToListAsync()).Select(e => e.Index));
        Assert.Equal(1, await store.GetLastSequenceAsync());

        JournalAppendResult result = await store.AppendAsync("m", 1, [TestEntries.Create("m", 1)]);

        Assert.True(result.IsCommitted);
        Assert.Equal([1L, 2], (await NewStore().ReadAsync(0).ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ReadAsync_CorruptLineFollowedByOtherLines_ThrowsJournalCorruptExceptionNamingFileAndLine()
    {
        await NewStore().AppendAsync("m", 0, [TestEntries.Create("m", 0)]);
        await NewStore().AppendAsync("m", 1, [TestEntries.Create("m", 1)]);
        await NewStore().AppendAsync("m", 2, [TestEntries.Create("m", 2)]);
        string[] lines = (await File.ReadAllTextAsync(_directory.JournalFile)).Split('\n');
        lines[1] = "{\"sequence\":2,\"scope\":\"m\"";
        await File.WriteAllTextAsync(_directory.JournalFile, string.Join('\n', lines));

        FileSystemMetadataStore store = NewStore();
        var exception = await Assert.ThrowsAsync<JournalCorruptException>(async () => await store.ReadAsync(0).ToListAsync());

        Assert.Equal(_directory.JournalFile, exception.Location);
        Assert.Equal(2, exception.Line);
        Assert.Contains(_directory.JournalFile, exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<JournalCorruptException>(() => store.AppendAsync("m", 1, [TestEntries.Create("m", 1)]).AsTask());
    }

    [Fact]
    public async Task ReadScopeFromAsync_LineOverwrittenAfterTheStoreIndexedIt_ThrowsJournalCorruptExceptionNamingTheLine()
    {
        // The store keeps where lines are, not the entries, and reads them back when asked: a line changed in place since is caught then.
        FileSystemMetadataStore store = NewStore();
        for (int i = 0; i < 3; i++)
        {
            await store.AppendAsync("m", i, [TestEntries.Create("m", i)]);
        }

        await store.AppendAsync("n", 0, [TestEntries.Create("n", 0)]);
        Assert.Equal(4, await store.GetLastSequenceAsync());
        byte[] journal = await File.ReadAllBytesAsync(_directory.JournalFile);
        int secondLine = Array.IndexOf(journal, (byte)'\n') + 1;
        int secondLineEnd = Array.IndexOf(journal, (byte)'\n', secondLine);
        Array.Fill(journal, (byte)'x', secondLine, secondLineEnd - secondLine);
        await File.WriteAllBytesAsync(_directory.JournalFile, journal);

        var exception = await Assert.ThrowsAsync<JournalCorruptException>(async () => await store.ReadScopeFromAsync("m", 1).ToListAsync());

        Assert.Equal(2, exception.Line);
        Assert.Equal([2L], (await store.ReadScopeFromAsync("m", 2).ToListAsync()).Select(e => e.Index));
        Assert.Equal("n", Assert.Single(await store.ReadScopeFromAsync("n", 0).ToListAsync()).Scope);
        await Assert.ThrowsAsync<JournalCorruptException>(async () => await store.ReadAsync(0).ToListAsync());
    }

    [Fact]
    public async Task ReadAsync_LineRemovedFromTheMiddle_ThrowsJournalCorruptException()
    {
        FileSystemMetadataStore writer = NewStore();
        for (int i = 0; i < 3; i++)
        {
            await writer.AppendAsync("m", i, [TestEntries.Create("m", i)]);
        }

        List<string> lines = [.. (await File.ReadAllTextAsync(_directory.JournalFile)).Split('\n')];
        lines.RemoveAt(1);
        await File.WriteAllTextAsync(_directory.JournalFile, string.Join('\n', lines));

        var exception = await Assert.ThrowsAsync<JournalCorruptException>(() => NewStore().GetLastSequenceAsync().AsTask());

        Assert.Contains("line 2", exception.Message, StringComparison.Ordinal);
        Assert.Contains("sequence 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetLastSequenceAsync_EmptyJournal_ReturnsZero()
    {
        FileSystemMetadataStore store = NewStore();

        Assert.Equal(0, await store.GetLastSequenceAsync());
        Assert.Empty(await store.ReadAsync(0).ToListAsync());
        Assert.Empty(await store.ReadScopeAsync("unknown").ToListAsync());
    }

    [Fact]
    public async Task GetLastSequenceAsync_AnotherInstanceAppended_SeesItsEntries()
    {
        FileSystemMetadataStore watcher = NewStore();
        Assert.Equal(0, await watcher.GetLastSequenceAsync());

        await NewStore().AppendAsync("m", 0, TestEntries.Range("m", 0, 2));

        Assert.Equal(2, await watcher.GetLastSequenceAsync());
        Assert.Equal([1L, 2], (await watcher.ReadAsync(0).ToListAsync()).Select(e => e.Sequence));
        Assert.Equal(2, await watcher.GetLastSequenceAsync());
    }

    [Fact]
    public async Task AppendAsync_LockHeldLongerThanLockTimeout_ThrowsTimeoutExceptionNamingTheLockFile()
    {
        var time = new FakeTimeProvider();
        FileSystemStorageOptions options = _directory.Options();
        options.LockTimeout = TimeSpan.FromSeconds(5);
        FileSystemMetadataStore store = Track(new FileSystemMetadataStore(options, time));
        string lockPath = Path.Combine(_directory.Path, "journal", ".lock");

        TimeoutException exception;
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Task<JournalAppendResult> append = store.AppendAsync("m", 0, [TestEntries.Create("m", 0)]).AsTask();
            while (!append.IsCompleted)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                await Task.Yield();
            }

            exception = await Assert.ThrowsAsync<TimeoutException>(() => append);
        }

        Assert.Contains(lockPath, exception.Message, StringComparison.Ordinal);
        Assert.True((await store.AppendAsync("m", 0, [TestEntries.Create("m", 0)])).IsCommitted);
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        FileSystemMetadataStore store = NewStore();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync("m", 0, [TestEntries.Create("m", 0)]).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetLastSequenceAsync().AsTask());
    }

    private FileSystemMetadataStore NewStore() => Track(new FileSystemMetadataStore(_directory.Options()));

    private FileSystemMetadataStore Track(FileSystemMetadataStore store)
    {
        _stores.Add(store);
        return store;
    }

    private async Task AppendRawAsync(string text)
    {
        await using var stream = new FileStream(_directory.JournalFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }
}
