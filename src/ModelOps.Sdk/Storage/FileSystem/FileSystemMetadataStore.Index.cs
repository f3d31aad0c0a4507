using System.Globalization;
using System.Security.Cryptography;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// The persistent journal index (<c>journal/index.bin</c>, see <see cref="JournalIndexFile"/>): opening a store loads it and parses
/// only the journal lines after it, so a cold open costs the same whatever the journal's size.
/// </summary>
/// <remarks>
/// <para>
/// <b>Trust model.</b> The index file is derived data that anyone who can write the store's folder can replace, so it is never
/// trusted blindly:
/// </para>
/// <list type="bullet">
/// <item>On load it must check itself (checksum, bounds, every entry in exactly one scope) and fit the journal: the journal is at least
/// as long as the indexed end, the last indexed line ends there, has the indexed last sequence, closes an append and hashes to the
/// SHA-256 the file names. A file that fails (truncated, damaged, of another journal, newer than a truncated journal) is logged,
/// ignored, and the index is rebuilt from the journal and written again. A file older than the journal is used, and the lines after
/// it are parsed.</item>
/// <item>Every line read through the index is parsed and checked to be a whole line holding the sequence (and, for a scope read, the
/// scope) the index claims. A line that does not is logged; the index is rebuilt from the journal and the read goes on from that
/// line, so nothing the index got wrong is served. The same check on a line the store parsed itself is corruption, as before.</item>
/// <item>A loaded index is verified in the background by a full scan of the journal up to the indexed end. If they disagree (an
/// index that omits or moves a line with a valid checksum), an error is logged, the index is rebuilt and the file re-published.
/// Appends wait for this check, since a scope's length decides conflicts: a write never relies on an unverified index.</item>
/// </list>
/// <para>
/// The window: until the background scan ends, a read of a scope whose lines a forged index omits without breaking any check above
/// sees that scope without them, as a reader of a journal whose last lines were dropped would. Only verified indexes are written.
/// </para>
/// </remarks>
public sealed partial class FileSystemMetadataStore
{
    private readonly string _indexPath;
    private readonly int _indexInterval;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Whether the first catch-up has looked for the index file; it is read once per instance.</summary>
    private bool _indexFileRead;

    /// <summary>The end of the entries indexed from an index file that the journal has not vouched for yet; 0 when none.</summary>
    private long _unverifiedEnd;

    /// <summary>Counts rebuilds, so that a check or a repair of an index that was replaced since does nothing.</summary>
    private int _indexGeneration;

    /// <summary>How many entries the index file holds, as far as this instance knows; -1 when it is known to be wrong.</summary>
    private int _publishedCount;

    /// <summary>Whether <see cref="_publication"/> is writing the index file; read and written under <see cref="_gate"/>.</summary>
    private bool _publishing;
    private Task _verification = Task.CompletedTask;
    private Task _publication = Task.CompletedTask;

    /// <summary>Loads the index file, if there is one that fits the journal. Caller holds <see cref="_gate"/>; the index is empty.</summary>
    private void LoadIndexFile()
    {
        if (!File.Exists(_indexPath))
        {
            return; // a store written before the index existed, or a small one: the journal is parsed, and the index written once due
        }

        string? reason;
        try
        {
            if (JournalIndexFile.TryRead(_indexPath, out reason) is { } loaded && FitsJournal(loaded.Snapshot, loaded.LastLineHash, out reason))
            {
                JournalIndexSnapshot snapshot = loaded.Snapshot;
                _index = JournalIndex.FromSnapshot(snapshot);
                _tail = new CommittedTail(snapshot.CommittedOffset, snapshot.Count);
                _unverifiedEnd = snapshot.CommittedOffset;
                _publishedCount = snapshot.Count;
                FileSystemStorageLog.LoadedJournalIndex(_logger, snapshot.Count, _indexPath);
                int generation = _indexGeneration;
                _verification = Task.Run(() => VerifyIndexAsync(snapshot, generation, _stopping.Token));
                return;
            }
        }
        catch (IOException exception)
        {
            reason = exception.Message;
        }
        catch (UnauthorizedAccessException exception)
        {
            reason = exception.Message;
        }

        _publishedCount = -1;
        FileSystemStorageLog.IgnoredJournalIndex(_logger, _indexPath, reason ?? "unknown");
    }

    /// <summary>Checks that a loaded index ends where one of this journal's appends ends, on the line it names.</summary>
    private bool FitsJournal(JournalIndexSnapshot snapshot, byte[] lastLineHash, out string? reason)
    {
        long length = RandomAccess.GetLength(_reader);
        if (snapshot.Count == 0)
        {
            reason = "it indexes no entries";
            return false;
        }

        if (length < snapshot.CommittedOffset)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"it indexes {snapshot.CommittedOffset} bytes, but the journal is {length} bytes long (the journal was truncated or replaced)");
            return false;
        }

        long start = snapshot.LineStarts[snapshot.Count - 1];
        byte[] line = new byte[snapshot.CommittedOffset - start];
        RandomAccess.Read(_reader, line, start);
        if (!SHA256.HashData(line).AsSpan().SequenceEqual(lastLineHash)
            || !TryParseIndexedLine(line, snapshot.Count, null, out JournalEntry? entry, out _)
            || !JournalLineFormat.TryParse(line.AsSpan(0, line.Length - 1), out _, out long more, out _)
            || more != 0
            || !snapshot.Scopes.TryGetValue(entry!.Scope, out ScopeSequences sequences)
            || sequences.Sequences[sequences.Count - 1] != snapshot.Count)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"its last line (sequence {snapshot.Count}, at offset {start}) is not that line of this journal (an index of another journal, or of a journal rewritten since)");
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Scans the journal up to a loaded index's end and compares; on disagreement rebuilds the index and re-publishes it.</summary>
    private async Task VerifyIndexAsync(JournalIndexSnapshot snapshot, int generation, CancellationToken cancellationToken)
    {
        try
        {
            string? disagreement;
            try
            {
                disagreement = CompareWithJournal(snapshot, cancellationToken);
            }
            catch (JournalCorruptException exception)
            {
                disagreement = exception.Message;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (generation != _indexGeneration || _disposed)
                {
                    return;
                }

                if (disagreement is null)
                {
                    _unverifiedEnd = 0;
                    FileSystemStorageLog.VerifiedJournalIndex(_logger, snapshot.Count, _indexPath);
                    PublishIndexIfDue();
                    return;
                }

                FileSystemStorageLog.RefutedJournalIndex(_logger, _indexPath, disagreement);
                await RebuildIndexCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException exception)
        {
            FileSystemStorageLog.JournalIndexCheckFailed(_logger, _indexPath, exception);
        }
        catch (JournalCorruptException exception)
        {
            // The journal itself is corrupt: the rebuild stopped there, and every read reports it.
            FileSystemStorageLog.JournalIndexCheckFailed(_logger, _indexPath, exception);
        }
    }

    /// <summary>Parses the journal up to the snapshot's end and says where it differs from the snapshot, or <see langword="null"/>.</summary>
    private string? CompareWithJournal(JournalIndexSnapshot snapshot, CancellationToken cancellationToken)
    {
        var positions = new Dictionary<string, int>(snapshot.Scopes.Count, StringComparer.Ordinal);
        string? disagreement = null;
        var scanner = new JournalScanner(_reader, _journalPath);
        scanner.Scan(0, 0, snapshot.CommittedOffset, Compare, cancellationToken);
        if (disagreement is not null)
        {
            return disagreement;
        }

        if (scanner.LastSequence != snapshot.Count || scanner.CommittedOffset != snapshot.CommittedOffset)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the journal holds {scanner.LastSequence} complete entries in its first {snapshot.CommittedOffset} bytes, the index {snapshot.Count}");
        }

        foreach ((string scope, ScopeSequences sequences) in snapshot.Scopes)
        {
            if (positions.GetValueOrDefault(scope) != sequences.Count)
            {
                return string.Create(CultureInfo.InvariantCulture, $"scope '{scope}' has {positions.GetValueOrDefault(scope)} entries in the journal, {sequences.Count} in the index");
            }
        }

        return null;

        void Compare(string scope, long sequence, long start)
        {
            if (disagreement is not null)
            {
                return;
            }

            int position = positions.GetValueOrDefault(scope);
            positions[scope] = position + 1;
            if (sequence > snapshot.Count || snapshot.LineStarts[sequence - 1] != start)
            {
                disagreement = string.Create(CultureInfo.InvariantCulture, $"line {sequence} starts at offset {start} in the journal, elsewhere in the index");
            }
            else if (!snapshot.Scopes.TryGetValue(scope, out ScopeSequences sequences) || position >= sequences.Count || sequences.Sequences[position] != sequence)
            {
                disagreement = string.Create(CultureInfo.InvariantCulture, $"line {sequence} is entry {position} of scope '{scope}' in the journal, not in the index");
            }
        }
    }

    /// <summary>A line read through the index was not what the index said: rebuild the index, unless another read already did.</summary>
    private async ValueTask RebuildIndexAfterMismatchAsync(IndexView view, LineMismatch mismatch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (view.Generation == _indexGeneration)
            {
                FileSystemStorageLog.JournalIndexMismatch(_logger, _indexPath, mismatch.Sequence, mismatch.Reason);
                await RebuildIndexCoreAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops the index and parses the whole journal again; the result is written as the new index file. Caller holds <see cref="_gate"/>.</summary>
    private async ValueTask RebuildIndexCoreAsync(CancellationToken cancellationToken)
    {
        _indexGeneration++;
        _index = new JournalIndex();
        _tail = new CommittedTail(0, 0);
        _unverifiedEnd = 0;
        _publishedCount = -1;
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the index file in the background when the journal has grown by <see cref="FileSystemStorageOptions.JournalIndexInterval"/>
    /// entries past it, or when it is missing or wrong. Only an index the journal vouched for is written, one write at a time; a write
    /// that finishes looks again, so the index of a journal that grew meanwhile is written in the end. Caller holds <see cref="_gate"/>.
    /// </summary>
    private void PublishIndexIfDue()
    {
        if (!_publishing && TakeSnapshotIfDue() is { } snapshot)
        {
            _publishing = true;
            _publication = Task.Run(() => PublishIndexAsync(snapshot, _stopping.Token));
        }
    }

    /// <summary>Captures the index if it should be written now. Caller holds <see cref="_gate"/>.</summary>
    private JournalIndexSnapshot? TakeSnapshotIfDue()
    {
        int count = _index.Count;
        if (_unverifiedEnd != 0 || _disposed || count == 0 || (_publishedCount >= 0 && count - _publishedCount < _indexInterval))
        {
            return null;
        }

        _publishedCount = count;
        return _index.Snapshot(_tail.Offset);
    }

    private async Task PublishIndexAsync(JournalIndexSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            for (JournalIndexSnapshot? next = snapshot; next is not null;)
            {
                WriteIndexFile(next);
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    next = TakeSnapshotIfDue();
                    _publishing = next is not null;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void WriteIndexFile(JournalIndexSnapshot snapshot)
    {
        try
        {
            long start = snapshot.LineStarts[snapshot.Count - 1];
            byte[] line = new byte[snapshot.CommittedOffset - start];
            RandomAccess.Read(_reader, line, start);
            JournalIndexFile.Write(_indexPath, FileSystemLayout.NewTemporaryFile(_root), snapshot, SHA256.HashData(line));
            FileSystemStorageLog.WroteJournalIndex(_logger, snapshot.Count, _indexPath);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (IOException exception)
        {
            FileSystemStorageLog.JournalIndexWriteFailed(_logger, _indexPath, exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            FileSystemStorageLog.JournalIndexWriteFailed(_logger, _indexPath, exception);
        }
    }

    /// <summary>What a read saw of the index when it took its line positions. Caller holds <see cref="_gate"/>.</summary>
    private IndexView CurrentView() => new(_tail.Offset, _unverifiedEnd, _indexGeneration);

    /// <summary>The index as a read saw it: its end, the part still unverified, and which build it was.</summary>
    private readonly record struct IndexView(long CommittedOffset, long UnverifiedEnd, int Generation)
    {
        /// <summary>
        /// A line at <paramref name="lineStart"/> was not what the index said: a mismatch to repair if the index came from the file
        /// there, corruption of the journal if the store parsed that line itself.
        /// </summary>
        public LineMismatch Check(long lineStart, long sequence, string reason, string journalPath) =>
            lineStart < UnverifiedEnd ? new LineMismatch(sequence, reason) : throw JournalScanner.Corrupt(journalPath, sequence, reason);
    }

    /// <summary>A line read through an index loaded from its file that did not hold what the index said.</summary>
    private sealed record LineMismatch(long Sequence, string Reason);
}
