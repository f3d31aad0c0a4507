using ModelOps.Sdk.Hashing;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Audit;

/// <summary>
/// Walks a stored chain and locates every edited, removed, inserted or reordered entry, broken signature, and truncation.
/// </summary>
/// <remarks>
/// The walk keeps the head of the genuine chain (next expected index and hash). An entry that does not continue the head is
/// classified by what it is instead: a later entry whose missing predecessors appear nowhere (removed), one whose place is
/// elsewhere in the file (reordered), or one the following entry does not link to (inserted). Reordered entries are held back and
/// consumed when the head reaches their index, so one swap is reported once.
/// </remarks>
internal static class AuditChainVerifier
{
    public static AuditVerificationResult Verify(string scope, IReadOnlyList<JournalEntry> entries, IAuditSigner? signer, AuditAnchor? anchor)
    {
        var violations = new List<AuditViolation>();
        var contentOk = new bool[entries.Count];
        var positionsByIndex = new Dictionary<long, List<int>>();
        for (var p = 0; p < entries.Count; p++)
        {
            var e = entries[p];
            contentOk[p] = AuditChain.HashMatches(e);
            if (!positionsByIndex.TryGetValue(e.Index, out var list))
            {
                positionsByIndex[e.Index] = list = [];
            }

            list.Add(p);
        }

        long expectedIndex = 0;
        var headHash = HashHex.ZeroHash;
        var previousHeadHash = HashHex.ZeroHash;
        var lastConsumed = -1;
        var held = new Dictionary<long, int>();
        var consumed = new bool[entries.Count];

        void Consume(int p)
        {
            consumed[p] = true;
            previousHeadHash = headHash;
            headHash = entries[p].Hash;
            expectedIndex = entries[p].Index + 1;
            lastConsumed = p;
        }

        void ConsumeHeld()
        {
            while (held.Remove(expectedIndex, out var hp))
            {
                if (!string.Equals(entries[hp].PreviousHash, headHash, StringComparison.Ordinal))
                {
                    violations.Add(new(hp, entries[hp].Index, AuditViolationKind.BrokenLink,
                        $"Entry {entries[hp].Index} at position {hp} does not link to the entry before it."));
                }

                Consume(hp);
            }
        }

        bool Fits(int p) => p < entries.Count && entries[p].Index == expectedIndex
            && string.Equals(entries[p].PreviousHash, headHash, StringComparison.Ordinal);

        for (var p = 0; p < entries.Count; p++)
        {
            var e = entries[p];
            if (!contentOk[p])
            {
                violations.Add(new(p, e.Index, AuditViolationKind.ContentAltered,
                    $"Entry {e.Index} at position {p} ({e.Kind}) does not match its hash: its content was edited."));
                if (e.Index == expectedIndex)
                {
                    Consume(p);
                    ConsumeHeld();
                }

                continue;
            }

            if (Fits(p))
            {
                Consume(p);
                ConsumeHeld();
                continue;
            }

            // A genuine entry whose predecessor comes later in the file was reordered: hold it until the head reaches its index.
            if (e.Index > expectedIndex && positionsByIndex[e.Index].Count == 1
                && positionsByIndex.TryGetValue(expectedIndex, out var later) && later.Any(q => q > p))
            {
                violations.Add(new(p, e.Index, AuditViolationKind.OutOfOrder,
                    $"Entry {e.Index} at position {p} comes before entry {expectedIndex}: the entries were reordered."));
                held[e.Index] = p;
                continue;
            }

            // An entry that the next one skips over, while the next one continues the chain, was inserted.
            if (Fits(p + 1) && contentOk[p + 1])
            {
                violations.Add(new(p, e.Index, AuditViolationKind.EntryInserted,
                    $"The entry at position {p} (claiming index {e.Index}, {e.Kind}) is not part of the chain: it was inserted."));
                continue;
            }

            // A duplicate of the index just consumed, which the next entry links to: the consumed one was the inserted entry.
            if (lastConsumed >= 0 && e.Index == expectedIndex - 1
                && string.Equals(e.PreviousHash, previousHeadHash, StringComparison.Ordinal)
                && (p + 1 >= entries.Count || string.Equals(entries[p + 1].PreviousHash, e.Hash, StringComparison.Ordinal)))
            {
                violations.Add(new(lastConsumed, entries[lastConsumed].Index, AuditViolationKind.EntryInserted,
                    $"The entry at position {lastConsumed} (claiming index {entries[lastConsumed].Index}) is not part of the chain: it was inserted."));
                headHash = e.Hash;
                lastConsumed = p;
                consumed[p] = true;
                ConsumeHeld();
                continue;
            }

            if (e.Index > expectedIndex)
            {
                violations.Add(new(p, e.Index, AuditViolationKind.EntryMissing,
                    e.Index - expectedIndex == 1
                        ? $"Entry {expectedIndex} is missing before position {p}: it was removed."
                        : $"Entries {expectedIndex} to {e.Index - 1} are missing before position {p}: they were removed."));
                Consume(p);
                ConsumeHeld();
                continue;
            }

            if (e.Index < expectedIndex)
            {
                var kind = positionsByIndex[e.Index].Count > 1 ? AuditViolationKind.EntryInserted : AuditViolationKind.OutOfOrder;
                violations.Add(new(p, e.Index, kind, kind == AuditViolationKind.EntryInserted
                    ? $"The entry at position {p} repeats index {e.Index}: it was inserted."
                    : $"Entry {e.Index} at position {p} comes after entry {expectedIndex - 1}: the entries were reordered."));
                continue;
            }

            violations.Add(new(p, e.Index, AuditViolationKind.BrokenLink,
                $"Entry {e.Index} at position {p} does not link to the entry before it: the chain was altered before this point."));
            Consume(p);
            ConsumeHeld();
        }

        // A held entry the chain never reached is not a reordered genuine entry but a stray one: inserted.
        foreach (var (index, position) in held)
        {
            var at = violations.FindIndex(v => v.Position == position && v.Kind == AuditViolationKind.OutOfOrder);
            violations[at] = new(position, index, AuditViolationKind.EntryInserted,
                $"The entry at position {position} (claiming index {index}) is not part of the chain: it was inserted.");
        }

        if (signer is not null)
        {
            for (var p = 0; p < entries.Count; p++)
            {
                var e = entries[p];
                if (e.Signature is null || e.KeyId is null)
                {
                    violations.Add(new(p, e.Index, AuditViolationKind.SignatureMissing,
                        $"Entry {e.Index} at position {p} is not signed although signing is configured."));
                    continue;
                }

                byte[] signature;
                try
                {
                    signature = Convert.FromBase64String(e.Signature);
                }
                catch (FormatException)
                {
                    signature = [];
                }

                if (!HashHex.IsSha256Hex(e.Hash) || !signer.Verify(Convert.FromHexString(e.Hash), signature, e.KeyId))
                {
                    violations.Add(new(p, e.Index, AuditViolationKind.SignatureInvalid,
                        $"Entry {e.Index} at position {p} has a signature that does not verify with key '{e.KeyId}': it was forged or recomputed."));
                }
            }
        }

        if (anchor is not null && anchor.Index >= 0)
        {
            if (!positionsByIndex.TryGetValue(anchor.Index, out var anchorPositions))
            {
                violations.Add(new(entries.Count, null, AuditViolationKind.Truncated,
                    $"The chain ends at index {entries.Count - 1} but the anchor's head is index {anchor.Index}: it was truncated."));
            }
            else if (!anchorPositions.Any(q => string.Equals(entries[q].Hash, anchor.Hash, StringComparison.Ordinal)))
            {
                var q = anchorPositions[0];
                violations.Add(new(q, anchor.Index, AuditViolationKind.AnchorMismatch,
                    $"Entry {anchor.Index} at position {q} has hash {entries[q].Hash} but the anchor recorded {anchor.Hash}: the chain was recomputed or replaced."));
            }
        }

        violations.Sort((a, b) => a.Position.CompareTo(b.Position));
        return new AuditVerificationResult(scope, entries.Count, violations) { UngovernedEntries = UngovernedPositions(entries) };
    }

    /// <summary>The positions of entries a registry without governance marked as written under a stored policy it did not enforce.</summary>
    private static long[] UngovernedPositions(IReadOnlyList<JournalEntry> entries)
    {
        List<long>? found = null;
        foreach (var entry in entries)
        {
            // The serializer writes the mark exactly so; the substring test only spares parsing the entries without it.
            if (entry.Payload.Contains("\"ungoverned\":true", StringComparison.Ordinal) && JournalPayload.TryRead(entry.Payload)?.Ungoverned == true)
            {
                (found ??= []).Add(entry.Index);
            }
        }

        return found?.ToArray() ?? [];
    }
}
