namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Requires a version's signature to be compatible with the current champion's, so callers built against the champion keep
/// working: every input the candidate requires was an input of the champion with the same data type and shape, and every output
/// of the champion is still produced with the same data type and shape. A breaking change needs an audited override
/// (<see cref="IGovernanceService.OverrideGateAsync"/>). Passes when there is no champion yet.
/// </summary>
public sealed class SignatureCompatibilityGate : IPromotionGate
{
    /// <summary>The gate's name: <c>signature</c>.</summary>
    public const string GateName = "signature";

    /// <inheritdoc/>
    public string Name => GateName;

    /// <inheritdoc/>
    public ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Champion is not { } champion || champion.Version == context.Candidate.Version)
        {
            return ValueTask.FromResult(GateResult.Pass(Name, "there is no other champion to compare with"));
        }

        var problems = new List<string>();
        var oldInputs = champion.Signature.Inputs.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var input in context.Candidate.Signature.Inputs)
        {
            if (!oldInputs.TryGetValue(input.Name, out var old))
            {
                if (!input.IsOptional)
                {
                    problems.Add($"input '{input.Name}' is new and required");
                }
            }
            else if (Describe(old) != Describe(input))
            {
                problems.Add($"input '{input.Name}' changed from {Describe(old)} to {Describe(input)}");
            }
        }

        var newOutputs = context.Candidate.Signature.Outputs.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var output in champion.Signature.Outputs)
        {
            if (!newOutputs.TryGetValue(output.Name, out var now))
            {
                problems.Add($"output '{output.Name}' is no longer produced");
            }
            else if (Describe(now) != Describe(output))
            {
                problems.Add($"output '{output.Name}' changed from {Describe(output)} to {Describe(now)}");
            }
        }

        var figures = new Dictionary<string, double> { ["breakingChanges"] = problems.Count };
        return ValueTask.FromResult(problems.Count == 0
            ? GateResult.Pass(Name, $"compatible with champion version {champion.Version}", figures, "no breaking change")
            : GateResult.Fail(Name, $"breaks callers of champion version {champion.Version}: {string.Join("; ", problems)}", figures, "no breaking change"));
    }

    private static string Describe(SignatureField field) =>
        field.Shape is { Count: > 0 } shape ? $"{field.DataType}[{string.Join(',', shape)}]" : field.DataType;
}
