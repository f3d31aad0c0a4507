namespace ModelOps.Sdk.Monitoring.Tests.ConceptDrift;

/// <summary>
/// CPython's <c>random.Random(seed)</c> for a small non-negative integer seed: MT19937 seeded with <c>init_by_array([seed])</c>,
/// <c>random()</c> as <c>genrand_res53</c>, and <c>choices</c> as in Lib/random.py, so the streams of River's docstring examples
/// can be rebuilt here and our detectors checked against River's published output.
/// </summary>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    public PythonRandom(uint seed)
    {
        // init_genrand(19650218), then init_by_array(key = [seed]) (CPython Modules/_randommodule.c).
        _mt[0] = 19650218u;
        for (var i = 1; i < N; i++)
        {
            _mt[i] = (1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30))) + (uint)i;
        }

        uint[] key = [seed];
        int a = 1, j = 0;
        for (var k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[a] = (_mt[a] ^ ((_mt[a - 1] ^ (_mt[a - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            a++;
            j++;
            if (a >= N)
            {
                _mt[0] = _mt[N - 1];
                a = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (var k = N - 1; k > 0; k--)
        {
            _mt[a] = (_mt[a] ^ ((_mt[a - 1] ^ (_mt[a - 1] >> 30)) * 1566083941u)) - (uint)a;
            a++;
            if (a >= N)
            {
                _mt[0] = _mt[N - 1];
                a = 1;
            }
        }

        _mt[0] = 0x80000000u;
        _index = N;
    }

    /// <summary><c>random.random()</c>: 53 random bits in [0, 1).</summary>
    public double NextDouble()
    {
        var a = NextUInt() >> 5;
        var b = NextUInt() >> 6;
        return ((a * 67108864.0) + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>rng.choices(population, k=k)</c> without weights: <c>population[floor(random() * n)]</c>.</summary>
    public int[] Choices(int[] population, int k) =>
        [.. Enumerable.Range(0, k).Select(_ => population[(int)Math.Floor(NextDouble() * population.Length)])];

    /// <summary><c>rng.choices(population, weights, k=k)</c>: bisect_right over the cumulative weights.</summary>
    public int[] Choices(int[] population, double[] weights, int k)
    {
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        var total = cumulative[^1];
        var result = new int[k];
        for (var i = 0; i < k; i++)
        {
            var r = NextDouble() * total;
            var index = 0;
            while (index < population.Length - 1 && cumulative[index] <= r)
            {
                index++;
            }

            result[i] = population[index];
        }

        return result;
    }

    private uint NextUInt()
    {
        if (_index >= N)
        {
            for (var k = 0; k < N; k++)
            {
                var y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
                _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }

            _index = 0;
        }

        var x = _mt[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }
}
