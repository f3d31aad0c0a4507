using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Monitoring.Fairness;

namespace ModelOps.Sdk.Monitoring.Tests.Fairness;

public sealed class GroupOutcomeCountsProperties
{
    public sealed record Row(string Group, bool Selected, bool? Label);

    public static class Rows
    {
        public static Arbitrary<Row[]> Arbitrary()
        {
            var row =
                from g in Gen.Elements("a", "b", "c")
                from s in Gen.Elements(true, false)
                from l in Gen.Elements<bool?>(null, true, false)
                select new Row(g, s, l);
            return row.ArrayOf().ToArbitrary();
        }
    }

    private static GroupOutcomeCounts Count(IEnumerable<Row> rows)
    {
        var counts = new GroupOutcomeCounts();
        foreach (var r in rows)
        {
            if (r.Label is { } label)
            {
                counts.Add(new FairnessGroup(r.Group), r.Selected, label);
            }
            else
            {
                counts.Add(new FairnessGroup(r.Group), r.Selected);
            }
        }

        return counts;
    }

    [Property(Arbitrary = [typeof(Rows)], MaxTest = 200)]
    public void Merge_OfTwoInstances_EqualsCountsOfAllRows(Row[] first, Row[] second)
    {
        var merged = Count(first);
        merged.Merge(Count(second));

        Assert.Equal(Count(first.Concat(second)).Groups, merged.Groups);
        Assert.Equal(first.Length + second.Length, merged.Groups.Sum(g => g.Count));
    }

    [Property(Arbitrary = [typeof(Rows)], MaxTest = 100)]
    public void Counts_RoundTripThroughTheirGroups(Row[] rows)
    {
        var counts = Count(rows);

        Assert.Equal(counts.Groups, new GroupOutcomeCounts(counts.Groups).Groups);
    }
}
