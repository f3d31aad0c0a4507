using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ModelOps.Sdk.Rules.Tests.Properties;

/// <summary>One test of a generated rule on one input: "any" (no condition), a comparison, or a range with open or closed bounds.</summary>
public sealed record IntervalTest(string Op, int Min, int Max, bool MinClosed, bool MaxClosed)
{
    /// <summary>The reference semantics, written independently of the library.</summary>
    public bool Holds(double v) => Op switch
    {
        "any" => true,
        "<" => v < Min,
        "<=" => v <= Min,
        ">" => v > Min,
        ">=" => v >= Min,
        _ => (MinClosed ? v >= Min : v > Min) && (MaxClosed ? v <= Max : v < Max),
    };

    public string? ToJson() => Op switch
    {
        "any" => null,
        "range" => string.Create(CultureInfo.InvariantCulture, $$"""{ "op": "range", "min": {{Min}}, "max": {{Max}}, "minClosed": {{(MinClosed ? "true" : "false")}}, "maxClosed": {{(MaxClosed ? "true" : "false")}} }"""),
        _ => string.Create(CultureInfo.InvariantCulture, $$"""{ "op": "{{Op}}", "value": {{Min}} }"""),
    };
}

/// <summary>A generated rule over the inputs x and y (y is ignored when the table has one input).</summary>
public sealed record GeneratedRule(IntervalTest X, IntervalTest Y);

/// <summary>A generated table of interval rules over one or two numeric inputs, and points to score with it.</summary>
public sealed record RuleTableCase(IReadOnlyList<GeneratedRule> Rules, bool TwoInputs, IReadOnlyList<(double X, double Y)> Points)
{
    public static string Id(int index) => $"r{index}";

    public bool Matches(int rule, (double X, double Y) point) =>
        Rules[rule].X.Holds(point.X) && (!TwoInputs || Rules[rule].Y.Holds(point.Y));

    public string ToJson(string hitPolicy)
    {
        var rules = new StringBuilder();
        for (var i = 0; i < Rules.Count; i++)
        {
            var conditions = new List<string>();
            if (Rules[i].X.ToJson() is { } x)
            {
                conditions.Add($"\"x\": {x}");
            }

            if (TwoInputs && Rules[i].Y.ToJson() is { } y)
            {
                conditions.Add($"\"y\": {y}");
            }

            rules.Append(i == 0 ? string.Empty : ",\n")
                .Append(CultureInfo.InvariantCulture, $$"""{ "id": "{{Id(i)}}", "when": { {{string.Join(", ", conditions)}} }, "then": { "rule": "{{Id(i)}}" } }""");
        }

        var inputs = TwoInputs ? """{ "name": "x", "type": "number" }, { "name": "y", "type": "number" }""" : """{ "name": "x", "type": "number" }""";
        return $$"""
            { "formatVersion": 1, "hitPolicy": "{{hitPolicy}}", "inputs": [ {{inputs}} ], "outputs": [ { "name": "rule", "type": "string" } ],
              "rules": [ {{rules}} ] }
            """;
    }

    public override string ToString() => $"{(TwoInputs ? "x,y" : "x")}: {string.Join(" | ", Rules.Select((r, i) => $"{Id(i)} x{r.X.Op}{r.X.Min}..{r.X.Max}" + (TwoInputs ? $" y{r.Y.Op}{r.Y.Min}..{r.Y.Max}" : string.Empty)))}";
}

/// <summary>The FsCheck arbitrary for <see cref="RuleTableCase"/>: 1 to 8 rules with integer bounds in [-10, 10], points on a half-unit grid in [-12, 12] so bounds are hit often.</summary>
public static class RuleTableArbitrary
{
    public static Arbitrary<RuleTableCase> Cases()
    {
        var test =
            from op in Gen.Elements("any", "<", "<=", ">", ">=", "range", "range")
            from a in Gen.Choose(-10, 10)
            from b in Gen.Choose(-10, 10)
            from minClosed in Gen.Elements(true, false)
            from maxClosed in Gen.Elements(true, false)
            select op == "range"
                ? new IntervalTest(op, Math.Min(a, b), Math.Max(a, b), a == b || minClosed, a == b || maxClosed)
                : new IntervalTest(op, a, a, true, true);
        var rule = from x in test from y in test select new GeneratedRule(x, y);
        var coordinate = Gen.Choose(-24, 24).Select(k => k / 2.0);
        var point = from x in coordinate from y in coordinate select (x, y);
        var cases =
            from two in Gen.Elements(false, true)
            from count in Gen.Choose(1, 8)
            from rules in rule.ArrayOf(count)
            from points in point.ArrayOf(24)
            select new RuleTableCase(rules, two, points);
        return cases.ToArbitrary();
    }
}
