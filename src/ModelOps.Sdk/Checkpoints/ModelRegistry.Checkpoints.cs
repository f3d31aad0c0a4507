using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Checkpoints;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Registry;

/// <summary>
/// Checkpoints: a model folded on first use starts from its scope's checkpoint (<see cref="IScopeCheckpointStore"/>) and the entries
/// after it, and the registry writes a new checkpoint in the background whenever a folded scope has grown by
/// <see cref="ModelOpsOptions.CheckpointEvery"/> entries.
/// </summary>
/// <remarks>
/// <para>
/// <b>Trust.</b> A checkpoint is used only when its scope and format are this scope's and this library's, the entry it names is on
/// the chain at its index with that hash and content, and its state deserializes; with an audit signer, only when it is also signed
/// with the audit key. Anything else is ignored with a warning: the scope is folded from its first entry and the checkpoint rewritten.
/// </para>
/// <para>
/// <b>Background verification.</b> A scope folded from a checkpoint is verified in the background against the journal it stands in
/// for. With a signer, the checkpoint's state is trusted (only a holder of the key could have signed it, and the registry signs only
/// states it folded from a verified chain), and the entries before the named one are checked as a fold checks them, so a prefix
/// damaged after the checkpoint was written is refused as a full fold would refuse it. Without a signer, the entries are folded again
/// and the result compared with the checkpoint's state: a checkpoint that disagrees is refused, logged as an error, and the scope's
/// state replaced by the full fold. No checkpoint is written from a state until its verification has finished.
/// </para>
/// </remarks>
internal sealed partial class ModelRegistry
{
    private readonly IScopeCheckpointStore? _checkpoints;
    private readonly Lock _backgroundGate = new();
    private readonly List<Task> _background = [];
    private readonly ConcurrentDictionary<string, byte> _checkpointWrites = new(StringComparer.Ordinal);

    private enum CheckpointUse
    {
        /// <summary>The store holds no checkpoint of the scope.</summary>
        None,

        /// <summary>The scope was folded from its checkpoint.</summary>
        Used,

        /// <summary>The checkpoint failed verification and was ignored; it is to be rewritten.</summary>
        Rejected,
    }

    /// <summary>Tries to fold a scope from its checkpoint and the entries after it; call under <see cref="_refreshLock"/>.</summary>
    private async ValueTask<CheckpointUse> TryFoldFromCheckpointAsync(string scope, List<AliasChange> changes, CancellationToken cancellationToken)
    {
        ScopeCheckpoint? checkpoint;
        try
        {
            checkpoint = await _checkpoints!.ReadCheckpointAsync(scope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckpointUnreadable(_logger, scope, ex);
            CountCheckpoint("rejected");
            return CheckpointUse.Rejected;
        }

        if (checkpoint is null)
        {
            return CheckpointUse.None;
        }

        var entries = new List<JournalEntry>();
        string? rejection = checkpoint switch
        {
            _ when !string.Equals(checkpoint.Scope, scope, StringComparison.Ordinal) => $"it is the checkpoint of '{checkpoint.Scope}'",
            { FormatVersion: not ScopeCheckpointFormat.Version } => $"its format version is {checkpoint.FormatVersion}; this library reads {ScopeCheckpointFormat.Version}",
            { Length: < 1 } => $"it claims {checkpoint.Length} entries",
            _ when _signer is not null && !ScopeCheckpointFormat.SignatureVerifies(checkpoint, _signer) =>
                checkpoint.Signature is null ? "it is not signed although an audit signing key is set" : $"its signature does not verify with key '{checkpoint.KeyId}'",
            _ => null,
        };

        if (rejection is null)
        {
            await foreach (var entry in _scopeReader!.ReadScopeFromAsync(scope, checkpoint.Length - 1, cancellationToken).ConfigureAwait(false))
            {
                entries.Add(entry);
            }

            rejection = entries is [var named, ..] && named.Index == checkpoint.Length - 1 && string.Equals(named.Hash, checkpoint.EntryHash, StringComparison.Ordinal)
                ? AuditChain.HashMatches(named) ? null : $"the entry it names (index {named.Index}) does not match its hash"
                : $"the entry it names (index {checkpoint.Length - 1}, hash {checkpoint.EntryHash}) is not on the chain";
        }

        ModelState? restored = null;
        if (rejection is null)
        {
            try
            {
                restored = ScopeCheckpointFormat.Restore(checkpoint, entries[0]);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                rejection = $"its state does not deserialize ({ex.Message})";
            }
        }

        if (restored is null)
        {
            LogCheckpointRejected(_logger, scope, rejection!);
            CountCheckpoint("rejected");
            return CheckpointUse.Rejected;
        }

        if (_replica.FoldFrom(restored, entries[1..]) is { } folded)
        {
            CoreInstruments.ScopesFolded.Add(1);
            CountCheckpoint("loaded");
            changes.AddRange(folded);
            LogScopeFoldedFromCheckpoint(_logger, scope, checkpoint.Length, entries.Count - 1);
            RunInBackground(token => VerifyCheckpointAsync(checkpoint, token));
        }

        return CheckpointUse.Used;
    }

    /// <summary>
    /// Verifies, off the caller's path, the entries a checkpoint stood in for: their chain with a signer, their fold without one. A
    /// break refuses the scope; a disagreement replaces the scope's state by the full fold; agreement lets checkpoints be written again.
    /// </summary>
    private async Task VerifyCheckpointAsync(ScopeCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var scope = checkpoint.Scope;
        try
        {
            var entries = new List<JournalEntry>();
            await foreach (var entry in _scopeReader!.ReadScopeFromAsync(scope, 0, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Index >= checkpoint.Length)
                {
                    break;
                }

                entries.Add(entry);
            }

            ChainBreak? chainBreak;
            bool agrees;
            if (_signer is not null)
            {
                chainBreak = _replica.CheckChain(scope, entries);
                agrees = entries.Count == checkpoint.Length && string.Equals(entries[^1].Hash, checkpoint.EntryHash, StringComparison.Ordinal);
            }
            else
            {
                var full = _replica.FoldDetached(scope, entries);
                chainBreak = full?.Break;
                agrees = full is not null && full.Length == checkpoint.Length
                    && string.Equals(full.HeadHash, checkpoint.EntryHash, StringComparison.Ordinal)
                    && string.Equals(ScopeCheckpointFormat.Serialize(full), checkpoint.State, StringComparison.Ordinal);
            }

            if (chainBreak is not null)
            {
                _replica.MarkBroken(chainBreak);
            }
            else if (agrees)
            {
                _replica.Confirm(scope);
                ScheduleCheckpointsIfDue([scope]);
            }
            else
            {
                LogCheckpointRefuted(_logger, scope, checkpoint.Length);
                CountCheckpoint("refuted");
                await RefoldAsync(scope, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The state stays unconfirmed (no checkpoint is written from it); a new instance tries again.
            LogCheckpointVerificationFailed(_logger, scope, ex);
        }
    }

    /// <summary>Replaces a scope's state, folded from a refuted checkpoint, by the fold of all its entries, and rewrites the checkpoint.</summary>
    private async Task RefoldAsync(string scope, CancellationToken cancellationToken)
    {
        IReadOnlyList<AliasChange> corrections;
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = new List<JournalEntry>();
            await foreach (var entry in _scopeReader!.ReadScopeFromAsync(scope, 0, cancellationToken).ConfigureAwait(false))
            {
                entries.Add(entry);
            }

            corrections = _replica.Refold(scope, entries);
            _watchHub.PublishToStreams(corrections);
        }
        finally
        {
            _refreshLock.Release();
        }

        _watchHub.FireTokens(corrections);
        ScheduleCheckpoint(scope);
    }

    /// <summary>Starts a background checkpoint write for each of the scopes that grew enough since their last checkpoint.</summary>
    private void ScheduleCheckpointsIfDue(IEnumerable<string> scopes)
    {
        if (_checkpoints is null)
        {
            return;
        }

        foreach (var scope in _replica.DueForCheckpoint(scopes, _options.CheckpointEvery))
        {
            ScheduleCheckpoint(scope);
        }
    }

    /// <summary>Starts a background checkpoint write of a scope unless one is running.</summary>
    private void ScheduleCheckpoint(string scope)
    {
        if (_checkpoints is not null && _checkpointWrites.TryAdd(scope, 0))
        {
            // Not cancelled by disposal: a write is short, and an instance that stops right after a long fold should still leave
            // its checkpoint behind.
            RunInBackground(_ => WriteCheckpointAsync(scope, CancellationToken.None));
        }
    }

    /// <summary>Writes a scope's checkpoint; a failure is logged and costs nothing but the next instance's full fold.</summary>
    private async Task WriteCheckpointAsync(string scope, CancellationToken cancellationToken)
    {
        try
        {
            if (_replica.CaptureCheckpoint(scope) is not { } captured)
            {
                return;
            }

            var checkpoint = ScopeCheckpointFormat.Create(scope, captured.Length, captured.HeadHash, captured.State, _signer);
            await _checkpoints!.WriteCheckpointAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            _replica.MarkCheckpointed(scope, captured.Length);
            CountCheckpoint("written");
            LogCheckpointWritten(_logger, scope, captured.Length);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            CountCheckpoint("write_failed");
            LogCheckpointWriteFailed(_logger, scope, ex);
        }
        finally
        {
            _checkpointWrites.TryRemove(scope, out _);
        }

        // Entries folded while this write ran did not start another one: look again, so the newest state is checkpointed in the end.
        if (!cancellationToken.IsCancellationRequested)
        {
            ScheduleCheckpointsIfDue([scope]);
        }
    }

    /// <summary>Runs work off the caller's path; <see cref="DisposeAsync"/> waits for it.</summary>
    private void RunInBackground(Func<CancellationToken, Task> work)
    {
        lock (_backgroundGate)
        {
            if (_disposed)
            {
                return;
            }

            _background.RemoveAll(t => t.IsCompleted);
            var token = _disposing.Token;
            _background.Add(Task.Run(() => work(token), CancellationToken.None));
        }
    }

    /// <summary>Waits for the background checkpoint work started so far (on disposal).</summary>
    private async Task WaitForBackgroundAsync()
    {
        Task[] running;
        lock (_backgroundGate)
        {
            running = [.. _background];
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static void CountCheckpoint(string outcome) =>
        CoreInstruments.Checkpoints.Add(1, new KeyValuePair<string, object?>(CoreInstruments.OutcomeTag, outcome));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Folded scope '{Scope}' from its checkpoint of {Length} entries and {Tail} entries after it; verifying the checkpoint in the background.")]
    private static partial void LogScopeFoldedFromCheckpoint(ILogger logger, string scope, long length, int tail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The checkpoint of '{Scope}' is ignored because {Reason}; the scope is folded from its first entry and the checkpoint rewritten.")]
    private static partial void LogCheckpointRejected(ILogger logger, string scope, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The checkpoint of '{Scope}' could not be read and is ignored; the scope is folded from its first entry and the checkpoint rewritten.")]
    private static partial void LogCheckpointUnreadable(ILogger logger, string scope, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The unsigned checkpoint of '{Scope}' ({Length} entries) disagrees with the fold of the journal: it was altered or written by faulty code. Its state is refused and replaced by the full fold, and the checkpoint rewritten. Set ModelOpsOptions.AuditSigningKey so that checkpoints are signed.")]
    private static partial void LogCheckpointRefuted(ILogger logger, string scope, long length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verifying the checkpoint of '{Scope}' against the journal failed; no checkpoint is written from its state by this instance.")]
    private static partial void LogCheckpointVerificationFailed(ILogger logger, string scope, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote the checkpoint of '{Scope}' at {Length} entries.")]
    private static partial void LogCheckpointWritten(ILogger logger, string scope, long length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the checkpoint of '{Scope}' failed; the registry works without it, and the next instance folds the scope from its first entry.")]
    private static partial void LogCheckpointWriteFailed(ILogger logger, string scope, Exception exception);
}
