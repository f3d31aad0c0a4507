namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>What happened to one step of an emulated pipeline run.</summary>
internal enum StepStatus
{
    /// <summary>The step's condition was false, or its job or stage did not run.</summary>
    Skipped,

    /// <summary>The step ran and exited with 0.</summary>
    Succeeded,

    /// <summary>The step ran and exited with a non-zero code.</summary>
    Failed,

    /// <summary>A CI-provided step (checkout, SDK setup, an approval wait) that has no meaning here and is taken as done.</summary>
    Provided,
}

/// <summary>One step of an emulated pipeline run: where it is, what happened, and what it printed.</summary>
internal sealed record StepRun(string Job, string Name, StepStatus Status, int? ExitCode, string Output, string Error)
{
    public override string ToString() => $"[{Job}] {Name}: {Status}{(ExitCode is { } code ? $" (exit {code})" : string.Empty)}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>The steps of one emulated pipeline run, in the order they were considered.</summary>
internal sealed class PipelineRun(IReadOnlyList<StepRun> steps)
{
    public IReadOnlyList<StepRun> Steps { get; } = steps;

    /// <summary>Gets the single step with this name (a step's <c>name</c>/<c>displayName</c>, or its script's first line).</summary>
    public StepRun Step(string name)
    {
        var matches = Steps.Where(s => s.Name == name).ToList();
        Assert.True(matches.Count == 1, $"expected one step named '{name}', found {matches.Count}:\n{this}");
        return matches[0];
    }

    /// <summary>Asserts the step ended as expected, printing the whole run when not.</summary>
    public void AssertStep(string name, StepStatus status, int? exitCode = null)
    {
        var step = Step(name);
        Assert.True(step.Status == status && (exitCode is null || step.ExitCode == exitCode), $"expected '{name}' {status} {exitCode}, got:\n{step}\n\nwhole run:\n{this}");
    }

    public override string ToString() => string.Join("\n", Steps.Select(s => $"[{s.Job}] {s.Name}: {s.Status}{(s.ExitCode is { } c ? $" ({c})" : string.Empty)}"))
        + "\n\nfailed steps:\n" + string.Join("\n", Steps.Where(s => s.Status == StepStatus.Failed).Select(s => s.ToString()));
}
