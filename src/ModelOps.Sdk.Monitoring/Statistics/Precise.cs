namespace ModelOps.Sdk.Monitoring.Statistics;

/// <summary>Elementary functions accurate where the naive forms lose digits.</summary>
internal static class Precise
{
    /// <summary>log(1 + x), accurate for small |x| (Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991, Theorem 4).</summary>
    public static double Log1P(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

}
