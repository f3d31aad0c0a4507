namespace ModelOps.Sdk.Monitoring.Statistics;

/// <summary>
/// The finite-n distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n = sup |F_n − F|, the
/// distribution SciPy calls <c>kstwo</c>.
/// </summary>
/// <remarks>
/// <para>
/// Follows Simard and L'Ecuyer, "Computing the Two-Sided Kolmogorov–Smirnov Distribution", Journal of Statistical Software
/// 39(11), 2011, in the form SciPy implements it (<c>scipy/stats/_ksstats.py</c>, <c>_kolmogn</c>): Ruben–Gambino's exact
/// formulas near the ends, the Durbin matrix (Marsaglia, Tsang and Wang 2003), Pomeranz's recursion (1974) for n ≤ 140,
/// twice the exact one-sided Smirnov probability (Birnbaum and Tingey 1951) for large x, and the Pelz–Good asymptotic series
/// (1976) for large n and small x, each chosen by the same cut-offs on n and n·x² so results agree with SciPy.
/// </para>
/// <para>Thread-safe; allocates only for the Durbin and Pomeranz methods (buffers of O((n·x)²) doubles).</para>
/// </remarks>
public static class KolmogorovDistribution
{
    private const int Exponent128 = 128;
    private const double MachineEpsilon = 2.220446049250313e-16;
    private static readonly double TwoPow128 = Math.ScaleB(1.0, Exponent128);
    private static readonly double TwoPowMinus128 = Math.ScaleB(1.0, -Exponent128);
    private static readonly double SqrtTwoPi = Math.Sqrt(2 * Math.PI);
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    // Stirling series coefficients B_{2j}/(2j(2j−1)), j = 8 … 1 (as in SciPy's _log_nfactorial_div_n_pow_n).
    private static readonly double[] StirlingCoefficients =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>Returns P(D_n ≥ <paramref name="statistic"/>), equal to <c>scipy.stats.kstwo.sf(statistic, n)</c>.</summary>
    /// <param name="statistic">The value of D_n.</param>
    /// <param name="n">The sample size, at least 1.</param>
    /// <returns>The survival probability in [0, 1].</returns>
    /// <exception cref="InvalidMonitoringInputException"><paramref name="n"/> is below 1 or <paramref name="statistic"/> is NaN.</exception>
    public static double SurvivalFunction(double statistic, int n)
    {
        Validate(statistic, n);
        return Kolmogorov(n, statistic, cdf: false);
    }

    /// <summary>Returns P(D_n ≤ <paramref name="statistic"/>), equal to <c>scipy.stats.kstwo.cdf(statistic, n)</c>.</summary>
    /// <param name="statistic">The value of D_n.</param>
    /// <param name="n">The sample size, at least 1.</param>
    /// <returns>The cumulative probability in [0, 1].</returns>
    /// <exception cref="InvalidMonitoringInputException"><paramref name="n"/> is below 1 or <paramref name="statistic"/> is NaN.</exception>
    public static double CumulativeDistribution(double statistic, int n)
    {
        Validate(statistic, n);
        return Kolmogorov(n, statistic, cdf: true);
    }

    private static void Validate(double statistic, int n)
    {
        if (n < 1)
        {
            throw new InvalidMonitoringInputException(nameof(n), $"the sample size must be at least 1, not {n}");
        }

        if (double.IsNaN(statistic))
        {
            throw new InvalidMonitoringInputException(nameof(statistic), "the statistic is NaN");
        }
    }

    private static double Select(double cdfProbability, double sfProbability, bool cdf) =>
        Math.Clamp(cdf ? cdfProbability : sfProbability, 0.0, 1.0);

    // SciPy _kolmogn: the choice of method by n, t = n·x and n·x² (Simard and L'Ecuyer 2011, section 4).
    private static double Kolmogorov(int n, double x, bool cdf)
    {
        if (x >= 1.0)
        {
            return Select(1.0, 0.0, cdf);
        }

        if (x <= 0.0)
        {
            return Select(0.0, 1.0, cdf);
        }

        var t = n * x;
        if (t <= 1.0)
        {
            // Ruben–Gambino: P(D_n ≤ x) = n!/n^n (2t − 1)^n for 1/(2n) ≤ x ≤ 1/n.
            if (t <= 0.5)
            {
                return Select(0.0, 1.0, cdf);
            }

            double probability;
            if (n <= 140)
            {
                probability = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    probability *= i * (1.0 / n) * ((2 * t) - 1);
                }
            }
            else
            {
                probability = Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            }

            return Select(probability, 1.0 - probability, cdf);
        }

        if (t >= n - 1)
        {
            // Ruben–Gambino: P(D_n ≥ x) = 2 (1 − x)^n for x ≥ 1 − 1/n.
            var probability = 2 * Math.Pow(1.0 - x, n);
            return Select(1 - probability, probability, cdf);
        }

        if (x >= 0.5)
        {
            // D_n^+ ≥ x and D_n^- ≥ x cannot both hold when x > 1/2, so P(D_n ≥ x) = 2 P(D_n^+ ≥ x) exactly.
            var probability = 2 * SmirnovSurvival(n, x);
            return Select(1.0 - probability, probability, cdf);
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693)
            {
                var probability = DurbinMatrix(n, x);
                return Select(probability, 1.0 - probability, cdf);
            }

            if (nxSquared <= 4)
            {
                var probability = Pomeranz(n, x);
                return Select(probability, 1.0 - probability, cdf);
            }

            var smirnov = 2 * SmirnovSurvival(n, x);
            return Select(1.0 - smirnov, smirnov, cdf);
        }

        if (!cdf)
        {
            if (nxSquared >= 370.0)
            {
                return 0.0;
            }

            if (nxSquared >= 2.2)
            {
                return Math.Clamp(2 * SmirnovSurvival(n, x), 0.0, 1.0);
            }
        }

        double cdfProbability;
        if (nxSquared >= 18.0)
        {
            cdfProbability = 1.0;
        }
        else if (n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            cdfProbability = DurbinMatrix(n, x);
        }
        else
        {
            cdfProbability = PelzGood(n, x);
        }

        return Select(cdfProbability, 1.0 - cdfProbability, cdf);
    }

    // log(n!/n^n) by Stirling's series with n·log(n) removed up front (SciPy _log_nfactorial_div_n_pow_n).
    private static double LogFactorialOverPower(int n)
    {
        var rn = 1.0 / n;
        var r2 = rn / n;
        var poly = 0.0;
        foreach (var c in StirlingCoefficients)
        {
            poly = (poly * r2) + c;
        }

        return (Math.Log(n) / 2) - n + (LogTwoPi / 2) + (rn * poly);
    }

    // Durbin (1968) matrix method as organised by Marsaglia, Tsang and Wang (2003): P(D_n ≤ d) = n!/n^n · (H^n)_{k,k}.
    private static double DurbinMatrix(int n, double d)
    {
        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;

        var v = new double[m];
        var w = new double[m];
        var factorial = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factorial;
            factorial /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * factorial;
        }

        var tt = Math.Pow(Math.Max((2 * h) - 1.0, 0), m) - (2 * Math.Pow(h, m));
        v[m - 1] = (1.0 + tt) * factorial;

        var matrix = new double[m * m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                matrix[(r * m) + i] = w[r - (i - 1)];
            }
        }

        for (var r = 0; r < m; r++)
        {
            matrix[r * m] = v[r];
        }

        for (var c = 0; c < m; c++)
        {
            matrix[((m - 1) * m) + c] = v[m - 1 - c];
        }

        var power = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            power[(i * m) + i] = 1.0;
        }

        var scratch = new double[m * m];
        var nn = n;
        var exponent = 0;
        var matrixExponent = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                Multiply(power, matrix, scratch, m);
                (power, scratch) = (scratch, power);
                exponent += matrixExponent;
            }

            Multiply(matrix, matrix, scratch, m);
            (matrix, scratch) = (scratch, matrix);
            matrixExponent *= 2;
            if (Math.Abs(matrix[((k - 1) * m) + k - 1]) > TwoPow128)
            {
                for (var i = 0; i < matrix.Length; i++)
                {
                    matrix[i] /= TwoPow128;
                }

                matrixExponent += Exponent128;
            }

            nn /= 2;
        }

        var p = power[((k - 1) * m) + k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < TwoPowMinus128)
            {
                p *= TwoPow128;
                exponent -= Exponent128;
            }
        }

        if (exponent != 0)
        {
            p = Math.ScaleB(p, exponent);
        }

        return Math.Clamp(p, 0.0, 1.0);
    }

    private static void Multiply(double[] a, double[] b, double[] result, int m)
    {
        Array.Clear(result);
        for (var i = 0; i < m; i++)
        {
            var row = i * m;
            for (var k = 0; k < m; k++)
            {
                var aik = a[row + k];
                if (aik == 0)
                {
                    continue;
                }

                var brow = k * m;
                for (var j = 0; j < m; j++)
                {
                    result[row + j] += aik * b[brow + j];
                }
            }
        }
    }

    private static (int J1, int J2) PomeranzBounds(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        }
        else
        {
            var ip1div2 = (i + 1) / 2;
            var ip1mod2 = (i + 1) % 2;
            if (ip1mod2 == 0)
            {
                if (ip1div2 == n + 1)
                {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                }
                else
                {
                    j1 = ip1div2 - 1 - ll - roundf - 1;
                    j2 = ip1div2 + ll - 1 + ceilf - 1;
                }
            }
            else
            {
                j1 = ip1div2 - 1 - ll - 1;
                j2 = ip1div2 + ll + roundf - 1;
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    // Pomeranz (1974), Algorithm 487, as in SciPy's _kolmogn_Pomeranz: P(D_n ≤ x) = n! V[2n+1, n], with rows convolved with
    // truncated Poisson weights and rescaled by 2^128 to avoid underflow.
    private static double Pomeranz(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var powers = 2 * (ll + 1);
        var gPower = new double[powers];
        var twoGPower = new double[powers];
        var oneMinusTwoGPower = new double[powers];
        gPower[0] = 1.0;
        twoGPower[0] = 1.0;
        oneMinusTwoGPower[0] = 1.0;
        var exponent = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - (2 * g)) / n;
        for (var m = 1; m < powers; m++)
        {
            gPower[m] = gPower[m - 1] * gOverN / m;
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / m;
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / m;
        }

        var v0 = new double[powers];
        var v1 = new double[powers];
        v1[0] = 1;
        int v0Start = 0, v1Start = 0;
        var (j1, _) = PomeranzBounds(0, n, ll, ceilf, roundf);
        for (var i = 1; i < (2 * n) + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0Start, v1Start) = (v1Start, v0Start);
            Array.Clear(v1);
            (j1, var j2) = PomeranzBounds(i, n, ll, ceilf, roundf);
            var weights = i == 1 || i == (2 * n) + 1 ? gPower : (i % 2 == 1 ? twoGPower : oneMinusTwoGPower);
            var ln2 = j2 - k1 + 1;
            if (ln2 > 0)
            {
                // conv = convolve(V0[k1 − V0s : k1 − V0s + ln2], weights[:ln2]); V1[0 : j2 − j1 + 1] = conv[j1 − k1 : …]
                var sourceStart = k1 - v0Start;
                var sourceLength = Math.Min(ln2, powers - sourceStart);
                var weightLength = Math.Min(ln2, powers);
                var convStart = j1 - k1;
                var convLength = j2 - j1 + 1;
                var max = 0.0;
                for (var r = 0; r < convLength; r++)
                {
                    var index = convStart + r;
                    var sum = 0.0;
                    var lo = Math.Max(0, index - (weightLength - 1));
                    var hi = Math.Min(sourceLength - 1, index);
                    for (var a = lo; a <= hi; a++)
                    {
                        sum += v0[sourceStart + a] * weights[index - a];
                    }

                    v1[r] = sum;
                    max = Math.Max(max, sum);
                }

                if (max > 0 && max < TwoPowMinus128)
                {
                    for (var r = 0; r < convLength; r++)
                    {
                        v1[r] *= TwoPow128;
                    }

                    exponent -= Exponent128;
                }

                v1Start = v0Start + j1 - k1;
            }
        }

        var answer = v1[n - v1Start];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(answer) > TwoPow128)
            {
                answer *= TwoPowMinus128;
                exponent += Exponent128;
            }

            answer *= m;
        }

        if (exponent != 0)
        {
            answer = Math.ScaleB(answer, exponent);
        }

        return Math.Clamp(answer, 0.0, 1.0);
    }

    // Pelz and Good (1976): P(D_n ≤ x) ≈ K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5, z = x√n, in the theta-function form that
    // converges fast for small z (SciPy _kolmogn_PelzGood).
    private static double PelzGood(int n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        const double piSquared = Math.PI * Math.PI;
        const double piFour = piSquared * piSquared;
        const double piSix = piFour * piSquared;

        var qLog = -piSquared / 8 / z2;
        if (qLog < -708)
        {
            return 0.0;
        }

        var q = Math.Exp(qLog);
        var k1a = -z2;
        var k1b = piSquared / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * piSquared / 4;
        var k2c = piFour * (1 - (2 * z2)) / 16;
        var k3d = piSix * (5 - (30 * z2)) / 64;
        var k3c = piFour * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = piSquared * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * z4 * z4);

        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k > 0; k--)
        {
            var m = (2 * k) - 1;
            double m2 = (double)m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8 * k);
            s0 = (s0 * qPower) + 1.0;
            s1 = (s1 * qPower) + k1a + (k1b * m2);
            s2 = (s2 * qPower) + k2a + (k2b * m2) + (k2c * m4);
            s3 = (s3 * qPower) + k3a + (k3b * m2) + (k3c * m4) + (k3d * m6);
        }

        s0 *= q * SqrtTwoPi / z;
        s1 *= q * SqrtTwoPi / (6 * z4);
        s2 *= q * SqrtTwoPi / (72 * z6 * z);
        s3 *= q * SqrtTwoPi / (6480 * z6 * z4);

        var q2 = Math.Exp(-piSquared / 2 / z2);
        double k2Extra = 0, k3Extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxK; k > 0; k--)
        {
            double kSquared = (double)k * k;
            var qk = Math.Pow(q2, kSquared);
            var kPi = Math.PI * k;
            k2Extra += kSquared * qk;
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * qk;
        }

        s2 += k2Extra * piSquared * SqrtTwoPi / (-36 * z3);
        s3 += k3Extra * piSquared * SqrtTwoPi / (216 * z6);

        var sqrtN = Math.Sqrt(n);
        return s0 + (s1 / sqrtN) + (s2 / n) + (s3 / (n * sqrtN));
    }

    /// <summary>
    /// P(D_n^+ ≥ x), the one-sided Smirnov survival function (SciPy <c>scipy.special.smirnov</c>), by the exact
    /// Birnbaum–Tingey sum x Σ_j C(n, j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1}, summed from the side SciPy sums from.
    /// </summary>
    internal static double SmirnovSurvival(int n, double x)
    {
        if (n == 1)
        {
            return 1 - x;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        if (x >= 1.0)
        {
            return 0.0;
        }

        // n·x = floor + alpha exactly: the product's rounding error is recovered with a fused multiply-add.
        var nx = n * x;
        var floor = Math.Floor(nx);
        var alpha = (nx - floor) + Math.FusedMultiplyAdd(n, x, -nx);
        if (alpha < 0)
        {
            floor -= 1;
            alpha += 1;
        }
        else if (alpha >= 1)
        {
            floor += 1;
            alpha -= 1;
        }

        var nxFloor = (int)floor;
        var n1mxFloor = n - nxFloor - (alpha == 0 ? 0 : 1);
        var n1mxCeil = n - nxFloor;
        if (alpha == 0)
        {
            n1mxFloor -= 1;
            n1mxCeil += 1;
        }

        if (nxFloor == 0 || (nxFloor == 1 && alpha == 0))
        {
            // x ≤ 1/n: P(D_n^+ ≤ x) = x (1 + x)^{n−1}.
            return Math.Clamp(1 - (x * Math.Pow(1 + x, n - 1)), 0.0, 1.0);
        }

        if (-2 * n * x * x < -708.3964185322641)
        {
            return 0.0;
        }

        if (nxFloor >= n - 1)
        {
            return Math.Pow(1 - x, n);
        }

        if (n > 1_000_000)
        {
            // SciPy's approximation for very large n: p ≈ exp(−(6nx + 1)² / (18n)).
            var logP = -Math.Pow((6.0 * n * x) + 1, 2) / 18.0 / n;
            return Math.Exp(logP);
        }

        var upperTerms = n - n1mxCeil + 1;
        var useUpperSum = (upperTerms <= 1 && x < 0.5) || (n >= 10 && upperTerms <= 3 && x <= 0.5 / Math.Sqrt(n));
        return useUpperSum
            ? Math.Clamp(1 - (x * UpperSum(n, x, n1mxCeil)), 0.0, 1.0)
            : Math.Clamp(x * LowerSum(n, x, nxFloor, alpha, n1mxFloor + 1), 0.0, 1.0);
    }

    // Σ_{v=0}^{terms−1} C(n, v) (1 − x − v/n)^{n−v} (x + v/n)^{v−1}; every term is positive, computed in logs with the
    // binomial coefficient carried as mantissa·2^exponent so it cannot overflow.
    private static double LowerSum(int n, double x, int nxFloor, double alpha, int terms)
    {
        var logN = Math.Log(n);
        var sum = Math.Exp((n * Precise.Log1P(-x)) - Math.Log(x));
        var mantissa = 1.0;
        var binomialExponent = 0;
        var middle = n / 2;
        UpdateBinomial(ref mantissa, ref binomialExponent, n, 0);
        for (var v = 1; v < terms; v++)
        {
            // 1 − x − v/n = (n − ⌊nx⌋ − v − α)/n and x + v/n = (⌊nx⌋ + v + α)/n, both without cancellation.
            var logTerm = Math.Log(mantissa) + (binomialExponent * Math.Log(2))
                + ((n - v) * (Math.Log(n - nxFloor - v - alpha) - logN))
                + ((v - 1) * (Math.Log(nxFloor + v + alpha) - logN));
            var term = Math.Exp(logTerm);
            sum += term;
            if (term != 0)
            {
                if (4.0 * (terms - v) * term < MachineEpsilon * sum && v != terms - 1)
                {
                    break;
                }
            }
            else if (v > middle)
            {
                break;
            }

            UpdateBinomial(ref mantissa, ref binomialExponent, n, v);
        }

        return sum;
    }

    // Σ over v = n, n − 1, …, n1mxCeil of C(n, v) (1 − x − v/n)^{n−v} (x + v/n)^{v−1}: at most three alternating terms.
    private static double UpperSum(int n, double x, int n1mxCeil)
    {
        var sum = Math.Pow(1 + x, n - 1);
        var coefficient = 1.0;
        for (var j = 1; n - j >= n1mxCeil; j++)
        {
            coefficient *= (double)(n - j + 1) / j;
            var v = n - j;
            sum += coefficient * Math.Pow(((double)(n - v) / n) - x, n - v) * Math.Pow(x + ((double)v / n), v - 1);
        }

        return sum;
    }

    private static void UpdateBinomial(ref double mantissa, ref int exponent, int n, int j)
    {
        mantissa *= (double)(n - j) / (j + 1);
        var e = Math.ILogB(mantissa) + 1;
        mantissa = Math.ScaleB(mantissa, -e);
        exponent += e;
    }
}
