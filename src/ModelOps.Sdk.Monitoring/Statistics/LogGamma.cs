namespace ModelOps.Sdk.Monitoring.Statistics;

/// <summary>The natural logarithm of the gamma function for positive arguments.</summary>
internal static class LogGamma
{
    // Lanczos approximation with g = 7, n = 9 (coefficients as published by Godfrey and used by Numerical Recipes 3rd ed. §6.1);
    // relative error below 1e-15 over x > 0. For x < 0.5 the reflection formula keeps the accuracy.
    private static readonly double[] Coefficients =
    [
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>Returns ln Γ(x) for x &gt; 0.</summary>
    public static double Of(double x)
    {
        if (x < 0.5)
        {
            // Γ(x) Γ(1 − x) = π / sin(πx)
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - Of(1 - x);
        }

        x -= 1;
        var sum = Coefficients[0];
        var t = x + 7.5;
        for (var i = 1; i < Coefficients.Length; i++)
        {
            sum += Coefficients[i] / (x + i);
        }

        return HalfLogTwoPi + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
