using System.Globalization;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Tests.Processes;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

[Collection(ProcessTestsDefinition.Name)]
public sealed class FileSystemCrossProcessTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly TemporaryDirectory _directory = new();
    private readonly CancellationTokenSource _deadline = new(Deadline);

    public void Dispose()
    {
        _deadline.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task AppendAsync_ThreeProcessesAppendToOneScope_EachIndexIsAssignedExactlyOnce()
    {
        const int PerProcess = 25;
        await using HostProcess first = HostProcess.Start("append", _directory.Path, "shared", PerProcess.ToString(CultureInfo.InvariantCulture));
        await using HostProcess second = HostProcess.Start("append", _directory.Path, "shared", PerProcess.ToString(CultureInfo.InvariantCulture));
        await using HostProcess third = HostProcess.Start("append", _directory.Path, "shared", PerProcess.ToString(CultureInfo.InvariantCulture));

        List<string>[] outputs = await Task.WhenAll(
            first.ReadToExitAsync(_deadline.Token),
            second.ReadToExitAsync(_deadline.Token),
            third.ReadToExitAsync(_deadline.Token));

        List<long>[] indexes = [.. outputs.Select(lines => lines.Select(ParseIndex).ToList())];
        Assert.All(indexes, got => Assert.Equal(PerProcess, got.Count));
        Assert.All(indexes, got => Assert.Equal(got.Order(), got)); // each process sees its own indexes increase
        List<long> union = [.. indexes.SelectMany(got => got).Order()];
        Assert.Equal(Enumerable.Range(0, 3 * PerProcess).Select(i => (long)i), union);

        using var store = new FileSystemMetadataStore(_directory.Options());
        List<JournalEntry> stored = await store.ReadScopeAsync("shared").ToListAsync();
        Assert.Equal(union, stored.Select(e => e.Index));
        Assert.Equal(Enumerable.Range(1, union.Count).Select(i => (long)i), stored.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AppendAsync_TwoProcessesRewritingTheJournalIndex_LeaveAnIndexThatFitsAndReadsAsAFullParse()
    {
        const int PerProcess = 40;
        var everyEntry = new Dictionary<string, string> { ["MODELOPS_HOST_JOURNAL_INDEX_INTERVAL"] = "1" }; // both rewrite it after each append
        await using HostProcess first = HostProcess.Start(everyEntry, "append", _directory.Path, "left", PerProcess.ToString(CultureInfo.InvariantCulture));
        await using HostProcess second = HostProcess.Start(everyEntry, "append", _directory.Path, "right", PerProcess.ToString(CultureInfo.InvariantCulture));
        await Task.WhenAll(first.ReadToExitAsync(_deadline.Token), second.ReadToExitAsync(_deadline.Token));

        string indexFile = Path.Combine(_directory.Path, "journal", JournalIndexFile.FileName);
        (JournalIndexSnapshot published, _) = JournalIndexFile.TryRead(indexFile, out string? reason) ?? throw new InvalidOperationException(reason);
        Assert.InRange(published.Count, 1, 2 * PerProcess);

        var events = new List<int>();
        using var store = new FileSystemMetadataStore(_directory.Options(), logger: new EventIdLogger(events));
        JournalAppendResult appended = await store.AppendAsync("left", PerProcess, TestEntries.Range("left", PerProcess, 1), _deadline.Token); // after the index check

        Assert.True(appended.IsCommitted);
        Assert.DoesNotContain(events, id => id is 3108 or 3110 or 3111); // neither ignored, refuted nor caught on a read
        File.Delete(indexFile);
        using var fullParse = new FileSystemMetadataStore(_directory.Options());
        Assert.Equal(await fullParse.ReadAsync(0).ToListAsync(), await store.ReadAsync(0).ToListAsync());
        Assert.Equal(await fullParse.ReadScopeAsync("right").ToListAsync(), await store.ReadScopeAsync("right").ToListAsync());
        Assert.Equal(Enumerable.Range(0, PerProcess + 1).Select(i => (long)i), (await store.ReadScopeAsync("left").ToListAsync()).Select(e => e.Index));
    }

    [Fact]
    public async Task AppendAsync_WriterKilledWhileAppending_JournalStaysConsistentAndAcceptsNewAppends()
    {
        long confirmed = 0;
        await using (HostProcess writer = HostProcess.Start("append-forever", _directory.Path, "m"))
        {
            for (int batch = 0; batch < 30; batch++)
            {
                string line = await writer.ReadLineAsync(_deadline.Token);
                confirmed = long.Parse(line["appended ".Length..], CultureInfo.InvariantCulture);
            }

            await writer.KillAsync(_deadline.Token);
        }

        using var store = new FileSystemMetadataStore(_directory.Options());
        List<JournalEntry> scope = await store.ReadScopeAsync("m").ToListAsync();
        List<JournalEntry> all = await store.ReadAsync(0).ToListAsync();

        Assert.True(scope.Count >= confirmed, $"{scope.Count} entries survived, but the writer confirmed {confirmed}.");
        Assert.Equal(Enumerable.Range(0, scope.Count).Select(i => (long)i), scope.Select(e => e.Index));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(scope.Count, await store.GetLastSequenceAsync());

        JournalAppendResult result = await store.AppendAsync("m", scope.Count, TestEntries.Range("m", scope.Count, 2));

        Assert.True(result.IsCommitted);
        using var reopened = new FileSystemMetadataStore(_directory.Options());
        Assert.Equal(scope.Count + 2, (await reopened.ReadScopeAsync("m").ToListAsync()).Count);
    }

    [Fact]
    public async Task BeginUploadAsync_UploaderKilledBeforeCommit_LeavesNoBlobAndANewStoreDeletesItsTemporaryFile()
    {
        const int Size = 3 * 1024 * 1024;
        int processId;
        await using (HostProcess uploader = HostProcess.Start("upload-then-hang", _directory.Path, Size.ToString(CultureInfo.InvariantCulture)))
        {
            processId = uploader.Id;
            Assert.Equal("HANG", await uploader.ReadLineAsync(_deadline.Token));
            string temporary = Assert.Single(Directory.GetFiles(_directory.TemporaryFiles));
            Assert.StartsWith($"{processId}-", Path.GetFileName(temporary), StringComparison.Ordinal);
            Assert.Equal(Size, new FileInfo(temporary).Length);

            await uploader.KillAsync(_deadline.Token);
        }

        Assert.Single(Directory.GetFiles(_directory.TemporaryFiles)); // killed: nothing cleaned up after itself
        Assert.Empty(Directory.GetFiles(_directory.Blobs, "*", SearchOption.AllDirectories));

        var store = new FileSystemArtifactStore(_directory.Options());

        Assert.Empty(Directory.GetFiles(_directory.TemporaryFiles));
        Assert.Empty(Directory.GetFiles(_directory.Blobs, "*", SearchOption.AllDirectories));
        Assert.False(await store.ExistsAsync(new string('0', 64)));
    }

    /// <summary>Records the event ids a store logs.</summary>
    private sealed class EventIdLogger(List<int> events) : Microsoft.Extensions.Logging.ILogger<FileSystemMetadataStore>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (events)
            {
                events.Add(eventId.Id);
            }
        }
    }

    private static long ParseIndex(string line)
    {
        Assert.StartsWith("index ", line, StringComparison.Ordinal);
        return long.Parse(line["index ".Length..], CultureInfo.InvariantCulture);
    }
}
