namespace ModelOps.Sdk.Aliases;

/// <summary>
/// The folded state of one alias: its current target, its rollback chain and its full history.
/// </summary>
/// <remarks>
/// The rollback chain is a stack of earlier targets. A manual move pushes the target it replaces; a rollback pops back to the
/// target it chose (dropping the skipped, no longer eligible ones) and pushes nothing, so repeated rollbacks walk further back along
/// the same chain; a delete clears it.
/// </remarks>
internal sealed class AliasState
{
    private readonly List<int> _chain = [];
    private readonly List<AliasChange> _history = [];

    public AliasState(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>
    /// Rebuilds an alias from a checkpoint: its rollback chain and its history as <see cref="Apply"/> left them; the current target
    /// is the last change's, as <see cref="Apply"/> sets it.
    /// </summary>
    public static AliasState Restore(string name, IEnumerable<int> chain, IEnumerable<AliasChange> history)
    {
        var state = new AliasState(name);
        state._chain.AddRange(chain);
        state._history.AddRange(history);
        if (state._history.Count > 0)
        {
            var last = state._history[^1];
            state.Current = last.Version is { } v ? new ModelAlias(last.ModelName, last.Alias, v, last.Timestamp, last.Sequence) : null;
        }

        return state;
    }

    public ModelAlias? Current { get; private set; }

    public IReadOnlyList<int> Chain => _chain;

    public IReadOnlyList<AliasChange> History => _history;

    public void Apply(AliasChange change)
    {
        switch (change.Kind)
        {
            case AliasChangeKind.Moved:
                if (Current is { } current)
                {
                    _chain.Add(current.Version);
                }

                break;
            case AliasChangeKind.RolledBack:
                while (_chain.Count > 0)
                {
                    var top = _chain[^1];
                    _chain.RemoveAt(_chain.Count - 1);
                    if (top == change.Version)
                    {
                        break;
                    }
                }

                break;
            case AliasChangeKind.Deleted:
                _chain.Clear();
                break;
        }

        Current = change.Version is { } v ? new ModelAlias(change.ModelName, change.Alias, v, change.Timestamp, change.Sequence) : null;
        _history.Add(change);
    }
}
