using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Tests.Assignment;

/// <summary>Sticky assignment is a pure function of salt and key, and a growing ramp never moves an entity off a challenger.</summary>
public sealed class ArmAssignerProperties
{
    [Property(MaxTest = 200)]
    public void AssignSticky_SameSaltAndKey_SameArmInEveryAssignerAndThread(NonEmptyString salt, string[] keys, PositiveInt championWeight, PositiveInt challengerWeight)
    {
        var definition = Definition(salt.Get, championWeight.Get % 100 + 1, [challengerWeight.Get % 100 + 1]);
        keys = keys.Where(k => k is not null).ToArray();
        var first = new ArmAssigner(definition);
        // A definition read back from its stored JSON (another process, a restart) assigns the same way.
        var second = new ArmAssigner(ExperimentStore.Deserialize(ExperimentStore.Serialize(definition)));
        var expected = keys.Select(first.AssignSticky).ToArray();

        Assert.Equal(expected, keys.Select(second.AssignSticky).ToArray());
        var fromThreads = new int[keys.Length];
        Parallel.For(0, keys.Length, i => fromThreads[i] = first.AssignSticky(keys[i]));
        Assert.Equal(expected, fromThreads);
    }

    [Property(MaxTest = 100)]
    public void Ramp_GrowingShare_NeverMovesAnEntityOffItsChallenger(byte[] stepPercents, PositiveInt weightA, PositiveInt weightB, bool twoChallengers)
    {
        var shares = stepPercents.Select(p => (p % 100 + 1) / 100.0).Distinct().Order().ToArray();
        if (shares.Length < 2)
        {
            return;
        }

        int[] weights = twoChallengers ? [weightA.Get % 50 + 1, weightB.Get % 50 + 1] : [weightA.Get % 50 + 1];
        var definition = Definition("ramp-salt", 1, weights) with { RampSteps = shares.Select(s => new RampStep(s, TimeSpan.FromHours(1))).ToArray() };
        var keys = Enumerable.Range(0, 2000).Select(i => $"customer-{i}").ToArray();
        var previous = keys.Select(new ArmAssigner(definition).AssignSticky).ToArray();
        for (var step = 1; step < shares.Length; step++)
        {
            var current = keys.Select(new ArmAssigner(definition with { RampStep = step }).AssignSticky).ToArray();
            for (var k = 0; k < keys.Length; k++)
            {
                if (previous[k] != 0)
                {
                    Assert.Equal(previous[k], current[k]);
                }
            }

            previous = current;
        }
    }

    [Property(MaxTest = 100)]
    public void AssignPoint_ObservedSplitOfUniformPoints_WithinBinomialBounds(PositiveInt championWeight, PositiveInt challengerWeight, int seed)
    {
        var definition = Definition("split", championWeight.Get % 99 + 1, [challengerWeight.Get % 99 + 1]);
        var assigner = new ArmAssigner(definition);
        var p = definition.CurrentShares()[1];
        const int n = 5000;
        using var random = new RoutingRandom(seed);
        var onChallenger = 0;
        for (var i = 0; i < n; i++)
        {
            onChallenger += assigner.AssignPoint(random.NextDouble());
        }

        // 4.5 standard deviations of Binomial(n, p): a correct split fails this with probability below 1e-5.
        var bound = 4.5 * Math.Sqrt(n * p * (1 - p));
        Assert.InRange(onChallenger, (n * p) - bound, (n * p) + bound);
    }

    [Fact]
    public void AssignSticky_DistinctKeys_SplitWithinBinomialBounds()
    {
        var definition = Definition("customers-2026", 90, [10]);
        var assigner = new ArmAssigner(definition);
        const int n = 20000;
        var onChallenger = Enumerable.Range(0, n).Count(i => assigner.AssignSticky($"customer-{i}") == 1);
        var bound = 4.5 * Math.Sqrt(n * 0.1 * 0.9);
        Assert.InRange(onChallenger, (n * 0.1) - bound, (n * 0.1) + bound);
    }

    [Fact]
    public void AssignSticky_KnownKey_MatchesTheDocumentedXxHash3Construction()
    {
        // The documented construction, written out independently: XXH3_64(utf16le(key), seed = XXH3_64(utf16le(salt))), top 53 bits / 2^53.
        var seed = unchecked((long)System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.Unicode.GetBytes("salt")));
        var hash = System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.Unicode.GetBytes("customer-42"), seed);
        var point = (hash >> 11) / (double)(1UL << 53);

        // Golden values: the stable definition must never change (every running experiment would reassign its entities).
        Assert.Equal(GoldenHash, hash);
        Assert.Equal(point, StickyHash.PointOf(StickyHash.SeedOf("salt"), "customer-42"));
        Assert.Equal(point < 0.5 ? 1 : 0, new ArmAssigner(Definition("salt", 50, [50])).AssignSticky("customer-42"));
        Assert.Equal(point < 0.3 ? 1 : 0, new ArmAssigner(Definition("salt", 70, [30])).AssignSticky("customer-42"));
    }

    /// <summary>The big-endian path (an explicit little-endian copy) gives the same hash as hashing the string in place, for any key, including unpaired surrogates.</summary>
    [Property]
    public void StickyHash_LittleEndianCopy_EqualsTheInPlaceHash(string key, long seed, char surrogate)
    {
        key ??= string.Empty;
        var withSurrogate = key + surrogate;
        Assert.Equal(StickyHash.Hash(key, seed), StickyHash.HashLittleEndianCopy(key, seed));
        Assert.Equal(StickyHash.Hash(withSurrogate, seed), StickyHash.HashLittleEndianCopy(withSurrogate, seed));
        Assert.Equal(System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.Unicode.GetBytes(key), seed), StickyHash.Hash(key, seed));
    }

    private const ulong GoldenHash = 0xC21EE044AC0E0DD0UL;

    internal static ExperimentDefinition Definition(string salt, double championWeight, int[] challengerWeights)
    {
        var builder = new ExperimentBuilder("credit", "assign").WithChampionAlias("champion", championWeight).WithStickyAssignment(salt);
        for (var i = 0; i < challengerWeights.Length; i++)
        {
            builder.AddChallengerVersion($"c{i}", i + 2, challengerWeights[i]);
        }

        return builder.Build();
    }
}
