namespace ModelOps.Sdk.Routing.Loops;

/// <summary>A model and one of its experiments, as the loops act on them.</summary>
internal readonly record struct ExperimentKey(string Model, string Experiment)
{
    public static ExperimentKey? TryParse(string? value)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return value is null || slash <= 0 || slash == value.Length - 1 || value.IndexOf('/', slash + 1) >= 0
            ? null
            : new ExperimentKey(value[..slash].Trim(), value[(slash + 1)..].Trim());
    }

    public override string ToString() => Model + "/" + Experiment;
}
