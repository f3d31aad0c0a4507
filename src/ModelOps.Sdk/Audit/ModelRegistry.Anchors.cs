using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry
{
    private static FileSystemAuditAnchorSink? AnchorSinkFromOptions(ModelOpsOptions options) =>
        string.IsNullOrWhiteSpace(options.AuditAnchorDirectory) ? null : new FileSystemAuditAnchorSink(options.AuditAnchorDirectory);

    /// <summary>
    /// Writes the anchor of a chain to the sink after a commit that makes the chain's length a multiple of
    /// <see cref="ModelOpsOptions.AuditAnchorEvery"/>.
    /// </summary>
    /// <remarks>
    /// The change is already committed, so a sink that fails does not fail the call (the caller would retry a change that was made):
    /// the failure is logged as an error, and the next anchored change writes a newer anchor that covers this one.
    /// </remarks>
    private async Task AnchorAsync(IReadOnlyList<JournalEntry> committed)
    {
        if (_anchorSink is null || committed.Count == 0)
        {
            return;
        }

        var head = committed[^1];
        var first = committed[0].Index;
        var every = _options.AuditAnchorEvery;
        if ((head.Index + 1) / every == first / every)
        {
            return; // no multiple of 'every' was reached by this append
        }

        try
        {
            var anchor = new AuditAnchor(head.Scope, head.Index, head.Hash, head.Signature, head.KeyId, _time.GetUtcNow());
            await _anchorSink.WriteAsync(anchor, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogAnchorFailed(_logger, head.Scope, head.Index, ex);
        }
    }

    /// <summary>Verifies against the given anchor and the sink's latest anchor of the chain, both when both exist.</summary>
    private async Task<AuditVerificationResult> VerifyWithAnchorsAsync(string scope, List<JournalEntry> entries, AuditAnchor? given, CancellationToken cancellationToken)
    {
        var kept = _anchorSink is null ? null : await _anchorSink.ReadLatestAsync(scope, cancellationToken).ConfigureAwait(false);
        var result = AuditChainVerifier.Verify(scope, entries, _signer, given ?? kept);
        if (given is null || kept is null || (kept.Index == given.Index && string.Equals(kept.Hash, given.Hash, StringComparison.Ordinal)))
        {
            return result;
        }

        var againstKept = AuditChainVerifier.Verify(scope, entries, null, kept).Violations
            .Where(v => v.Kind is AuditViolationKind.Truncated or AuditViolationKind.AnchorMismatch);
        var violations = result.Violations.Concat(againstKept).OrderBy(v => v.Position).ToArray();
        return result with { Violations = violations };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit anchor of '{Scope}' at index {Index} could not be written to the anchor sink; the change itself is committed.")]
    private static partial void LogAnchorFailed(ILogger logger, string scope, long index, Exception exception);
}
