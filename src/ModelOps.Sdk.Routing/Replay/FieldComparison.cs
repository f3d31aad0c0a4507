namespace ModelOps.Sdk.Routing.Replay;

/// <summary>How a replayed output field was compared with the logged one.</summary>
public enum FieldComparison
{
    /// <summary>Compared for exact equality: strings, Booleans, nulls, integers, and every field of a <c>rules</c> model.</summary>
    Exact,

    /// <summary>
    /// Compared within <see cref="DecisionReplayOptions.RelativeTolerance"/> (or <see cref="DecisionReplayOptions.AbsoluteTolerance"/>):
    /// a floating-point number of a model other than <c>rules</c>.
    /// </summary>
    Tolerance,

    /// <summary>
    /// Not compared: the replayed output has no field of that name (the logged output type names it differently, for example an
    /// ML.NET property renamed with <c>[ColumnName]</c>).
    /// </summary>
    NotCompared,
}
