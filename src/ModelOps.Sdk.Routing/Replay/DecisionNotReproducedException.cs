namespace ModelOps.Sdk.Routing.Replay;

/// <summary>
/// Thrown by a strict replay (<see cref="DecisionReplay.EnsureReproduced"/>) when the version that decided gives a different output
/// for the logged input: a reproducibility failure. Names the version and the fields that differ.
/// </summary>
public sealed class DecisionNotReproducedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="DecisionNotReproducedException"/> class.</summary>
    /// <param name="replay">The replay that differs.</param>
    public DecisionNotReproducedException(DecisionReplay replay)
        : base(Describe(replay))
    {
        Replay = replay;
        ModelName = replay.Model.ModelName;
        Version = replay.Model.Version;
        Fields = [.. replay.DifferingFields.Select(static f => f.Path)];
    }

    /// <summary>Gets the replay.</summary>
    public DecisionReplay Replay { get; }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version that decided.</summary>
    public int Version { get; }

    /// <summary>Gets the paths of the fields that differ (empty when no field could be compared at all).</summary>
    public IReadOnlyList<string> Fields { get; }

    private static string Describe(DecisionReplay replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        var differing = replay.DifferingFields;
        var what = differing.Count > 0
            ? "fields " + string.Join(", ", differing.Select(static f => $"'{f.Path}' (logged {f.Logged?.ToJsonString() ?? "null"}, replayed {f.Replayed?.ToJsonString() ?? "missing"})"))
            + " differ"
            : "no logged output field is named in the replayed output, so nothing could be compared";
        return $"Decision '{replay.PredictionId}' was not reproduced by model '{replay.Model.ModelName}' version {replay.Model.Version}: {what}.";
    }
}
