namespace ModelOps.Sdk.Checkpoints;

/// <summary>One alias of a <see cref="CheckpointState"/>: its rollback chain and every change it went through, oldest first.</summary>
internal sealed record CheckpointAlias(string Name, IReadOnlyList<int> Chain, IReadOnlyList<AliasChange> History);
