using FsCheck.Xunit;

namespace ModelOps.Sdk.Rules.Tests.Properties;

/// <summary>Hit policies checked against a naive reference interpreter over random interval tables.</summary>
public sealed class HitPolicyProperties
{
    public sealed class Point
    {
        public double X { get; init; }

        public double Y { get; init; }
    }

    public sealed class Hit
    {
        public string? Rule { get; set; }

        [RuleId]
        public string? Id { get; set; }
    }

    [Property(Arbitrary = [typeof(RuleTableArbitrary)], MaxTest = 200)]
    public void Unique_RaisesExactlyWhenTwoOrMoreRulesMatch(RuleTableCase table)
    {
        var predictor = RuleSets.Predictor<Point, Hit>(table.ToJson("UNIQUE"));
        foreach (var p in table.Points)
        {
            var matching = Enumerable.Range(0, table.Rules.Count).Where(r => table.Matches(r, p)).ToList();
            var input = new Point { X = p.X, Y = p.Y };
            if (matching.Count >= 2)
            {
                var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(input));
                Assert.Contains(string.Join(", ", matching.Select(r => $"'{RuleSetsId(r)}'")), ex.Message, StringComparison.Ordinal);
            }
            else
            {
                var hit = predictor.Predict(input);
                Assert.Equal(matching.Count == 1 ? RuleSetsId(matching[0]) : null, hit.Id);
                Assert.Equal(hit.Id, hit.Rule);
            }
        }
    }

    [Property(Arbitrary = [typeof(RuleTableArbitrary)], MaxTest = 200)]
    public void First_ReturnsTheFirstMatchingRuleOfTheReferenceInterpreter(RuleTableCase table)
    {
        var predictor = RuleSets.Predictor<Point, Hit>(table.ToJson("FIRST"));
        foreach (var p in table.Points)
        {
            string? expected = null;
            for (var r = 0; r < table.Rules.Count; r++)
            {
                if (table.Matches(r, p))
                {
                    expected = RuleSetsId(r);
                    break;
                }
            }

            Assert.Equal(expected, predictor.Predict(new Point { X = p.X, Y = p.Y }).Id);
        }
    }

    [Property(Arbitrary = [typeof(RuleTableArbitrary)], MaxTest = 100)]
    public void Collect_ListsExactlyTheMatchingRulesInOrder(RuleTableCase table)
    {
        var predictor = RuleSets.Predictor<Point, Hits>(table.ToJson("COLLECT"));
        foreach (var p in table.Points)
        {
            var expected = Enumerable.Range(0, table.Rules.Count).Where(r => table.Matches(r, p)).Select(RuleSetsId).ToList();

            var hits = predictor.Predict(new Point { X = p.X, Y = p.Y });

            Assert.Equal(expected, hits.Ids);
            Assert.Equal(expected, hits.Rule);
        }
    }

    public sealed class Hits
    {
        public IReadOnlyList<string> Rule { get; set; } = [];

        [RuleId]
        public IReadOnlyList<string> Ids { get; set; } = [];
    }

    private static string RuleSetsId(int index) => RuleTableCase.Id(index);
}
