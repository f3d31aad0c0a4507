using System.Numerics;
using System.Security.Cryptography;

namespace ModelOps.Sdk.Routing.Assignment;

/// <summary>
/// The random source for per-call assignment, shadow sampling and prediction-id nonces: one xoshiro256** generator per thread
/// (no lock, no allocation per draw), each seeded from the router's seed and the order in which threads first draw.
/// </summary>
/// <remarks>
/// With a fixed seed, a single thread sees the same sequence in every run, which is what simulations and tests need; with no seed
/// the generators are seeded from <see cref="RandomNumberGenerator"/>. xoshiro256** and SplitMix64 are from Blackman and Vigna,
/// "Scrambled linear pseudorandom number generators" (2021), https://prng.di.unimi.it/.
/// </remarks>
internal sealed class RoutingRandom : IDisposable
{
    // The generator of the router this thread drew from last: a thread that keeps calling one router (the usual case) finds
    // its generator with two thread-static reads instead of a ThreadLocal lookup.
    [ThreadStatic]
    private static RoutingRandom? t_owner;

    [ThreadStatic]
    private static Generator? t_generator;

    private readonly ulong _seed;
    private readonly ThreadLocal<Generator> _generators;
    private long _threads;

    public RoutingRandom(long? seed)
    {
        _seed = seed is { } s ? unchecked((ulong)s) : BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        _generators = new ThreadLocal<Generator>(() => new Generator(unchecked(_seed + (0x9E3779B97F4A7C15UL * (ulong)Interlocked.Increment(ref _threads)))));
    }

    /// <summary>A uniformly distributed 64-bit value.</summary>
    public ulong NextUInt64() => (ReferenceEquals(t_owner, this) ? t_generator! : Switch()).Next();

    /// <summary>A uniformly distributed double in [0, 1).</summary>
    public double NextDouble() => StickyHash.ToUnitInterval(NextUInt64());

    public void Dispose()
    {
        if (ReferenceEquals(t_owner, this))
        {
            t_owner = null;
            t_generator = null;
        }

        _generators.Dispose();
    }

    private Generator Switch()
    {
        var generator = _generators.Value!;
        t_owner = this;
        t_generator = generator;
        return generator;
    }

    private sealed class Generator
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;

        public Generator(ulong seed)
        {
            _s0 = SplitMix64(ref seed);
            _s1 = SplitMix64(ref seed);
            _s2 = SplitMix64(ref seed);
            _s3 = SplitMix64(ref seed);
        }

        public ulong Next()
        {
            var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix64(ref ulong state)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
