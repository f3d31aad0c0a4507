using System.Globalization;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// One problem with a <see cref="PromotionPolicyDocument"/>: which gate (by position and type) and which field are wrong, and why.
/// </summary>
/// <param name="GateIndex">The gate's position in <see cref="PromotionPolicyDocument.Gates"/> (from 0), or <see langword="null"/> for a policy-level field.</param>
/// <param name="GateType">The gate's type as written, when the problem concerns a gate that names one.</param>
/// <param name="Field">The field or gate parameter that is wrong (for example <c>minimum</c>), or <see langword="null"/> when the problem concerns the gate as a whole.</param>
/// <param name="Message">What is wrong, naming the value where there is one.</param>
public sealed record PromotionPolicyError(int? GateIndex, string? GateType, string? Field, string Message)
{
    /// <summary>Gets where the problem is, as a JSON-style path: <c>requiredApprovals</c>, <c>gates[1]</c> or <c>gates[1].minimum</c>.</summary>
    public string Path => GateIndex is { } index
        ? string.Create(CultureInfo.InvariantCulture, $"gates[{index}]") + (Field is null ? string.Empty : "." + Field)
        : Field ?? "$";

    /// <inheritdoc/>
    public override string ToString() =>
        GateIndex is null
            ? $"{Path}: {Message}"
            : $"{Path}{(GateType is null ? string.Empty : $" ({GateType})")}: {Message}";
}
