using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Governance.Tests.Policies;

/// <summary>A metric threshold drawn for a valid policy: bounds that are finite and ordered.</summary>
public sealed record ValidPolicy(PromotionPolicyDocument Document)
{
    public override string ToString() => Document.ToJson();
}

/// <summary>
/// Policy documents. <see cref="Documents"/> draws any shape the JSON allows (gate types known or not, parameters of every JSON
/// kind, strings with quotes, escapes and non-ASCII text); <see cref="ValidPolicies"/> draws documents the built-in catalog accepts.
/// </summary>
public static class PromotionPolicyArbitraries
{
    private static readonly char[] Characters = [.. "abcXYZ09 -_.:/", '"', '\\', '\n', '\t', '\u0001', 'é', 'ß', '€', '中', '\u2028'];

    public static Arbitrary<PromotionPolicyDocument> Documents()
    {
        var text = Gen.Elements(Characters).ArrayOf().Select(chars => new string(chars));
        var number = Gen.OneOf(
            Gen.Choose(-1_000_000, 1_000_000).Select(k => k / 1000.0),
            Gen.Choose(1, 300).Select(e => Math.Pow(10, -e)),
            Gen.Elements(0.1, 1.0 / 3, double.MaxValue, double.Epsilon, -0.0));
        var value = Gen.OneOf(
            text.Select(s => JsonSerializer.SerializeToElement(s)),
            number.Select(d => JsonSerializer.SerializeToElement(d)),
            Gen.Elements(true, false).Select(b => JsonSerializer.SerializeToElement(b)),
            Gen.Constant(JsonSerializer.SerializeToElement<string?>(null)),
            text.ArrayOf().Select(a => JsonSerializer.SerializeToElement(a)));
        var type = Gen.OneOf(Gen.Elements(BuiltInGateTypes.MetricThreshold, BuiltInGateTypes.Fairness, "vendor-score", string.Empty), text);
        var gate =
            from gateType in type
            from values in value.ListOf()
            from prefix in Gen.Elements("metric", "Minimum", "x", "é")
            select new GateSpecification(gateType, values.Select((v, i) => new KeyValuePair<string, JsonElement>($"{prefix}{i}", v)));
        var documents =
            from approvals in Gen.Choose(-3, 12)
            from gates in gate.ListOf()
            select new PromotionPolicyDocument { RequiredApprovals = approvals, Gates = gates.ToArray() };
        return documents.ToArbitrary();
    }

    public static Arbitrary<ValidPolicy> ValidPolicies()
    {
        var bound = Gen.Choose(0, 1000).Select(k => k / 1000.0);
        var metricGate =
            from minimum in bound
            from width in bound
            from useMaximum in Gen.Elements(true, false)
            select (Func<int, GateSpecification>)(i =>
            {
                var spec = new GateSpecification(BuiltInGateTypes.MetricThreshold).With("metric", $"m{i}").With("minimum", minimum);
                return useMaximum ? spec.With("maximum", minimum + width) : spec;
            });
        var championGate =
            from higher in Gen.Elements(true, false)
            from margin in bound
            select (Func<int, GateSpecification>)(i => new GateSpecification("ChampionComparison").With("metric", $"m{i}").With("higherIsBetter", higher).With("maximumDegradation", margin));
        var fairnessGate =
            from ratio in bound
            select (Func<int, GateSpecification>)(_ => new GateSpecification(BuiltInGateTypes.Fairness).With("attributes", ["gender", "age"]).With("minimumDemographicParityRatio", ratio));
        var gateMaker = Gen.OneOf(metricGate, metricGate, championGate, fairnessGate);
        var documents =
            from approvals in Gen.Choose(0, 5)
            from makers in gateMaker.ListOf()
            select new ValidPolicy(new PromotionPolicyDocument
            {
                RequiredApprovals = approvals,

                // One fairness gate at most: gate names must be unique within a policy.
                Gates = makers.Select((make, i) => make(i)).GroupBy(g => g.Type == BuiltInGateTypes.Fairness ? "fairness" : g.ToString()).Select(g => g.First()).ToArray(),
            });
        return documents.ToArbitrary();
    }
}
