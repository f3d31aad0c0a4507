using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

/// <summary>
/// The persistent journal index (<c>journal/index.bin</c>) against real files: it is used when it fits, and every way it can be wrong
/// is detected, never served, and repaired, while the store keeps working.
/// </summary>
public sealed class JournalIndexTests : IDisposable
{
    private const int IgnoredEvent = 3108;
    private const int RefutedEvent = 3110;
    private const int MismatchEvent = 3111;
    private static readonly string[] Scopes = ["a", "b", "c"];
    private readonly TemporaryDirectory _directory = new();
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromMinutes(2));

    private string IndexFile => Path.Combine(_directory.Path, "journal", JournalIndexFile.FileName);

    public void Dispose()
    {
        _deadline.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Open_IndexOlderThanTheJournal_ReadsEveryEntryAsAFullParse()
    {
        await WriteIndexedJournalAsync(12);
        using (var writer = new FileSystemMetadataStore(Options(1_000)))
        {
            await AppendRoundRobinAsync(writer, 12, 5); // after the index: parsed on open
        }

        var logger = new RecordingLogger();
        using var store = new FileSystemMetadataStore(Options(1_000), logger: logger);

        await AssertReadsAsFullParseAsync(store);
        Assert.Equal(17, await store.GetLastSequenceAsync());
        Assert.DoesNotContain(IgnoredEvent, logger.EventIds);
    }

    [Fact]
    public async Task Open_NoIndexFile_ParsesTheJournalAndWritesTheIndex()
    {
        await WriteIndexedJournalAsync(12);
        File.Delete(IndexFile); // a store written before the index existed

        using var store = new FileSystemMetadataStore(Options(4));
        await AssertReadsAsFullParseAsync(store);

        await WaitForIndexOfJournalAsync();
    }

    [Fact]
    public async Task Open_TruncatedIndex_IsIgnoredAndRewritten()
    {
        await WriteIndexedJournalAsync(12);
        byte[] index = await File.ReadAllBytesAsync(IndexFile);
        await File.WriteAllBytesAsync(IndexFile, index[..(index.Length / 2)]);

        await AssertRepairedAsync(IgnoredEvent, 12);
    }

    [Fact]
    public async Task Open_IndexWithOneBitFlippedInItsLineStarts_IsIgnoredAndRewritten()
    {
        await WriteIndexedJournalAsync(12);
        byte[] index = await File.ReadAllBytesAsync(IndexFile);
        index[index.Length - 8 - (8 * 6)] ^= 0x04; // the low byte of line 7's start, just before the 8-byte checksum's region

        await File.WriteAllBytesAsync(IndexFile, index);

        Assert.Null(JournalIndexFile.TryRead(IndexFile, out string? reason));
        Assert.Contains("checksum", reason, StringComparison.Ordinal);
        await AssertRepairedAsync(IgnoredEvent, 12);
    }

    [Theory]
    [InlineData(1)] // SHA-256 checksum
    [InlineData(2)] // XxHash128 checksum
    public async Task Open_IndexOfAnEarlierFormat_IsIgnoredAndRewrittenInTheCurrentOne(byte format)
    {
        await WriteIndexedJournalAsync(12);
        byte[] index = await File.ReadAllBytesAsync(IndexFile);
        index[8] = format; // which this library no longer reads
        await File.WriteAllBytesAsync(IndexFile, index);

        Assert.Null(JournalIndexFile.TryRead(IndexFile, out string? reason));
        Assert.Contains($"format {format}", reason, StringComparison.Ordinal);
        await AssertRepairedAsync(IgnoredEvent, 12);
        Assert.Equal(JournalIndexFile.FormatVersion, (await File.ReadAllBytesAsync(IndexFile))[8]);
    }

    [Fact]
    public async Task Open_IndexOfAnotherJournal_IsIgnored()
    {
        await WriteIndexedJournalAsync(12);
        byte[] foreign;
        using (var other = new TemporaryDirectory())
        {
            using (var writer = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = other.Path, JournalIndexInterval = 12 }))
            {
                for (int i = 0; i < 12; i++)
                {
                    await writer.AppendAsync("other", i, [TestEntries.Create("other", i, payload: $$"""{"other":{{i}}}""")], _deadline.Token);
                }
            } // the index is due at the 12th entry only, and disposing waits for a write in progress

            string otherIndex = Path.Combine(other.Path, "journal", JournalIndexFile.FileName);
            await WaitForAsync(() => File.Exists(otherIndex) && JournalIndexFile.TryRead(otherIndex, out _)?.Snapshot.Count == 12);
            foreign = await File.ReadAllBytesAsync(otherIndex);
        }

        await File.WriteAllBytesAsync(IndexFile, foreign);

        await AssertRepairedAsync(IgnoredEvent, 12);
    }

    [Fact]
    public async Task Open_IndexNewerThanATruncatedJournal_IsIgnoredAndTheShorterJournalServed()
    {
        await WriteIndexedJournalAsync(12);
        string[] lines = await File.ReadAllLinesAsync(_directory.JournalFile);
        await File.WriteAllTextAsync(_directory.JournalFile, string.Join('\n', lines[..9]) + "\n"); // whole lines dropped from the end

        await AssertRepairedAsync(IgnoredEvent, 9);
    }

    [Fact]
    public async Task ReadScopeAsync_IndexPointingAtAnotherScopesLines_DetectsItRebuildsAndServesTheJournal()
    {
        await WriteIndexedJournalAsync(12);
        ForgeIndex(snapshot => SwapScopes(snapshot, "a", "b")); // a valid file that lists b's lines under a

        var logger = new RecordingLogger();
        using var store = new FileSystemMetadataStore(Options(4), logger: logger);

        await AssertReadsAsFullParseAsync(store);
        AssertDetected(logger);
        await AssertKeepsWorkingAsync(store, 12);
    }

    [Fact]
    public async Task ReadAsync_IndexPointingIntoTheMiddleOfALine_DetectsItRebuildsAndServesTheJournal()
    {
        await WriteIndexedJournalAsync(12);
        ForgeIndex(snapshot =>
        {
            long[] starts = [.. snapshot.LineStarts];
            starts[4] += 7; // line 5 now starts inside itself
            return snapshot with { LineStarts = starts };
        });

        var logger = new RecordingLogger();
        using var store = new FileSystemMetadataStore(Options(4), logger: logger);

        List<JournalEntry> fromFifth = await store.ReadAsync(4, _deadline.Token).ToListAsync(_deadline.Token);

        Assert.Equal(Enumerable.Range(5, 8).Select(i => (long)i), fromFifth.Select(e => e.Sequence));
        AssertDetected(logger);
        await AssertReadsAsFullParseAsync(store);
    }

    [Fact]
    public async Task AppendAsync_IndexHidingAScopesEntry_WaitsForTheBackgroundCheckWhichRefutesIt()
    {
        await WriteIndexedJournalAsync(12);

        // Every check on load passes: each line listed once, the last line intact. But scope a's entry at sequence 4 is listed
        // under c, so the index says a has 3 entries (it has 4): trusting it would let a write commit a second index 3.
        ForgeIndex(snapshot => MoveSequence(snapshot, 4, from: "a", to: "c"));
        var logger = new RecordingLogger();
        using var store = new FileSystemMetadataStore(Options(4), logger: logger);

        JournalAppendResult stale = await store.AppendAsync("a", 3, [TestEntries.Create("a", 3)], _deadline.Token);
        JournalAppendResult next = await store.AppendAsync("a", 4, [TestEntries.Create("a", 4)], _deadline.Token);

        Assert.False(stale.IsCommitted);
        Assert.Equal(4, stale.CurrentLength);
        Assert.True(next.IsCommitted);
        Assert.Contains(RefutedEvent, logger.EventIds);
        await WaitForAsync(() => JournalIndexFile.TryRead(IndexFile, out _)?.Snapshot.Scopes["a"].Count == 4); // re-published
        Assert.Equal(4, JournalIndexFile.TryRead(IndexFile, out _)!.Value.Snapshot.Scopes["c"].Count);
        using var reopened = new FileSystemMetadataStore(Options(4));
        Assert.Equal([0L, 1, 2, 3, 4], (await reopened.ReadScopeAsync("a", _deadline.Token).ToListAsync(_deadline.Token)).Select(e => e.Index));
    }

    private FileSystemStorageOptions Options(int interval) => new() { RootPath = _directory.Path, JournalIndexInterval = interval };

    /// <summary>Writes <paramref name="count"/> entries round-robin over three scopes and waits until the index file holds them all.</summary>
    private async Task WriteIndexedJournalAsync(int count)
    {
        using (var writer = new FileSystemMetadataStore(Options(count)))
        {
            await AppendRoundRobinAsync(writer, 0, count);
        }

        await WaitForIndexOfAsync(count);
    }

    private async Task AppendRoundRobinAsync(FileSystemMetadataStore store, int from, int count)
    {
        for (int i = from; i < from + count; i++)
        {
            string scope = Scopes[i % Scopes.Length];
            long length = i / Scopes.Length;
            Assert.True((await store.AppendAsync(scope, length, [TestEntries.Create(scope, length)], _deadline.Token)).IsCommitted);
        }
    }

    /// <summary>Opens the store after the index was damaged: the damage is logged, reads equal a full parse, and the index is rewritten.</summary>
    private async Task AssertRepairedAsync(int expectedEvent, int entries)
    {
        var logger = new RecordingLogger();
        using var store = new FileSystemMetadataStore(Options(4), logger: logger);

        await AssertReadsAsFullParseAsync(store);

        Assert.Contains(expectedEvent, logger.EventIds);
        await WaitForIndexOfJournalAsync();
        await AssertKeepsWorkingAsync(store, entries);
    }

    private async Task AssertKeepsWorkingAsync(FileSystemMetadataStore store, int entries)
    {
        long length = (await store.ReadScopeAsync("b", _deadline.Token).ToListAsync(_deadline.Token)).Count;
        Assert.True((await store.AppendAsync("b", length, [TestEntries.Create("b", length)], _deadline.Token)).IsCommitted);
        using var reopened = new FileSystemMetadataStore(Options(4));
        Assert.Equal(entries + 1, await reopened.GetLastSequenceAsync(_deadline.Token));
        await AssertReadsAsFullParseAsync(reopened);
    }

    /// <summary>Asserts that <paramref name="store"/> reads what a store reading a copy of the journal without any index reads.</summary>
    private async Task AssertReadsAsFullParseAsync(FileSystemMetadataStore store)
    {
        using var copy = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(copy.Path, "journal"));
        File.Copy(Path.Combine(_directory.Path, "format.json"), Path.Combine(copy.Path, "format.json"));
        File.Copy(_directory.JournalFile, copy.JournalFile);
        using var reference = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = copy.Path, JournalIndexInterval = 1_000_000 });

        foreach (string scope in Scopes)
        {
            List<JournalEntry> expected = await reference.ReadScopeAsync(scope, _deadline.Token).ToListAsync(_deadline.Token);
            List<JournalEntry> actual = await store.ReadScopeAsync(scope, _deadline.Token).ToListAsync(_deadline.Token);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(await reference.ReadAsync(0, _deadline.Token).ToListAsync(_deadline.Token), await store.ReadAsync(0, _deadline.Token).ToListAsync(_deadline.Token));
    }

    /// <summary>Rewrites the index file with a valid checksum and last-line hash, as someone who knows the format could.</summary>
    private void ForgeIndex(Func<JournalIndexSnapshot, JournalIndexSnapshot> forge)
    {
        (JournalIndexSnapshot snapshot, byte[] lastLineHash) = JournalIndexFile.TryRead(IndexFile, out string? reason) ?? throw new InvalidOperationException(reason);
        string temporary = Path.Combine(_directory.TemporaryFiles, Guid.NewGuid().ToString("N"));
        JournalIndexFile.Write(IndexFile, temporary, forge(snapshot), lastLineHash);
        Assert.NotNull(JournalIndexFile.TryRead(IndexFile, out _));
    }

    private static JournalIndexSnapshot SwapScopes(JournalIndexSnapshot snapshot, string first, string second)
    {
        var scopes = snapshot.Scopes.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        (scopes[first], scopes[second]) = (scopes[second], scopes[first]);
        return snapshot with { Scopes = scopes };
    }

    private static JournalIndexSnapshot MoveSequence(JournalIndexSnapshot snapshot, int sequence, string from, string to)
    {
        var scopes = snapshot.Scopes.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        int[] source = [.. scopes[from].Sequences.Take(scopes[from].Count).Where(s => s != sequence)];
        int[] target = [.. scopes[to].Sequences.Take(scopes[to].Count).Append(sequence).Order()];
        scopes[from] = new ScopeSequences(source, source.Length);
        scopes[to] = new ScopeSequences(target, target.Length);
        return snapshot with { Scopes = scopes };
    }

    /// <summary>
    /// A line read through a wrong index is caught either by the read's own check or, if it ran first, by the background check; both
    /// rebuild before anything wrong is served.
    /// </summary>
    private static void AssertDetected(RecordingLogger logger) =>
        Assert.True(logger.EventIds.Contains(MismatchEvent) || logger.EventIds.Contains(RefutedEvent), $"Logged only {string.Join(", ", logger.EventIds)}.");

    /// <summary>Waits until the index file is exactly the index that a store builds from a copy of the journal alone.</summary>
    private async Task WaitForIndexOfJournalAsync()
    {
        using var copy = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(copy.Path, "journal"));
        File.Copy(Path.Combine(_directory.Path, "format.json"), Path.Combine(copy.Path, "format.json"));
        File.Copy(_directory.JournalFile, copy.JournalFile);
        string expectedFile = Path.Combine(copy.Path, "journal", JournalIndexFile.FileName);
        using (var reference = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = copy.Path, JournalIndexInterval = 1 }))
        {
            await reference.GetLastSequenceAsync(_deadline.Token);
        }

        byte[] expected = await File.ReadAllBytesAsync(expectedFile, _deadline.Token);
        await WaitForAsync(() => File.Exists(IndexFile) && File.ReadAllBytes(IndexFile).AsSpan().SequenceEqual(expected));
    }

    private Task WaitForIndexOfAsync(int count) =>
        WaitForAsync(() => File.Exists(IndexFile) && JournalIndexFile.TryRead(IndexFile, out _)?.Snapshot.Count == count);

    /// <summary>Polls a state the store reaches in the background, until the test's deadline.</summary>
    private async Task WaitForAsync(Func<bool> condition)
    {
        while (!TryCondition(condition))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _deadline.Token);
        }
    }

    private static bool TryCondition(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (IOException)
        {
            return false; // being replaced at that moment
        }
    }

    /// <summary>Records the event ids the store logs.</summary>
    private sealed class RecordingLogger : ILogger<FileSystemMetadataStore>
    {
        private readonly ConcurrentQueue<int> _events = new();

        public IReadOnlyCollection<int> EventIds => _events;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _events.Enqueue(eventId.Id);
    }
}
