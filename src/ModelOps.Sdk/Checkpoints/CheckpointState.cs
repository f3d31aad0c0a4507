namespace ModelOps.Sdk.Checkpoints;

/// <summary>
/// The folded state of one scope as a checkpoint stores it (<see cref="Storage.ScopeCheckpoint.State"/>): everything the fold keeps
/// of a model, in a deterministic order, so that two folds of the same entries serialize to the same text.
/// </summary>
internal sealed record CheckpointState
{
    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Versions by number: position 0 holds version 1.</summary>
    public required IReadOnlyList<ModelVersion> Versions { get; init; }

    /// <summary>Every alias ever set, in name order, with its rollback chain and full history.</summary>
    public required IReadOnlyList<CheckpointAlias> Aliases { get; init; }

    /// <summary>Documents with their revisions, in the order they were attached.</summary>
    public required IReadOnlyList<ModelDocument> Documents { get; init; }

    /// <summary>Idempotency keys of registrations and the versions they registered, in key order.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> IdempotencyKeys { get; init; }
}
