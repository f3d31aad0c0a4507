using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Profiles;

public class DataProfileMergeProperties
{
    private static readonly Lazy<DataProfile> Reference = new(() =>
    {
        var (rows, decisions) = ProfileRows.Generate(2_000, seed: 11);
        return ProfileRows.Schema.FitReference(rows, decisions);
    });

    /// <summary>Arbitrary rows, including values outside the reference, NaN, infinities, nulls and unseen categories.</summary>
    internal static Arbitrary<LoanRow[]> Rows()
    {
        var income = Gen.OneOf(
            Gen.Choose(-20_000, 120_000).Select(i => (double)i),
            Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 50_000.0));
        var age = Gen.OneOf(Gen.Choose(18, 90).Select(a => (int?)a), Gen.Constant<int?>(null));
        var region = Gen.Elements<string?>("EU", "US", "APAC", "LATAM", "MARS", "VENUS", null);
        var row = from i in income
                  from a in age
                  from r in region
                  from c in Gen.Elements(Channel.Branch, Channel.Web, Channel.Partner)
                  from b in Gen.Elements(true, false)
                  select new LoanRow(i, a, r, c, b);
        return row.ArrayOf().ToArbitrary();
    }

    private static DataProfile ProfileOf(LoanRow[] rows) =>
        ProfileRows.Schema.Profile(Reference.Value, rows, rows.Select(r => new LoanDecision(r.Income / 100_000, r.HasCoSigner)));

    [Property(MaxTest = 200)]
    public Property Merge_OfTwoBatches_EqualsProfileOfConcatenatedRows()
    {
        return Prop.ForAll(Rows(), Rows(), (a, b) =>
        {
            var merged = DataProfile.Merge(ProfileOf(a), ProfileOf(b));
            var whole = ProfileOf([.. a, .. b]);
            ProfileAssert.Equivalent(whole, merged, relativeTolerance: 1e-9);
        });
    }

    [Property(MaxTest = 100)]
    public Property Merge_IsCommutativeInCountsAndMoments()
    {
        return Prop.ForAll(Rows(), Rows(), (a, b) =>
        {
            var ab = DataProfile.Merge(ProfileOf(a), ProfileOf(b));
            var ba = DataProfile.Merge(ProfileOf(b), ProfileOf(a));
            ProfileAssert.Equivalent(ab, ba, relativeTolerance: 1e-9, compareUnseenOrder: false);
        });
    }

    [Property(MaxTest = 100)]
    public Property JsonRoundTrip_ReproducesTheProfileExactly()
    {
        return Prop.ForAll(Rows(), a =>
        {
            var profile = ProfileOf(a);
            var back = DataProfile.FromJson(profile.ToJson());
            ProfileAssert.Equivalent(profile, back, relativeTolerance: 0);
            Assert.Equal(profile.ToJson(), back.ToJson());
        });
    }
}
