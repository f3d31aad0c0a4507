using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// Mergeable quality of a regression model: moments of the absolute and squared errors, from which MAE and RMSE are read exactly.
/// </summary>
/// <remarks>
/// MAE = mean |actual − predicted| and RMSE = √(mean (actual − predicted)²), as scikit-learn's <c>mean_absolute_error</c> and
/// <c>root_mean_squared_error</c>. The moments merge with Chan's formula (see <see cref="RunningMoments"/>).
/// </remarks>
/// <param name="AbsoluteError">Moments of |actual − predicted|.</param>
/// <param name="SquaredError">Moments of (actual − predicted)².</param>
public sealed record RegressionMetrics(RunningMoments AbsoluteError, RunningMoments SquaredError)
{
    /// <summary>Gets empty metrics.</summary>
    public static RegressionMetrics Empty { get; } = new(default(RunningMoments), default(RunningMoments));

    /// <summary>Gets the number of outcomes.</summary>
    [JsonIgnore]
    public long Count => AbsoluteError.Count;

    /// <summary>Gets the mean absolute error, or NaN with no outcome.</summary>
    [JsonIgnore]
    public double Mae => Count == 0 ? double.NaN : AbsoluteError.Mean;

    /// <summary>Gets the root mean squared error, or NaN with no outcome.</summary>
    [JsonIgnore]
    public double Rmse => Count == 0 ? double.NaN : Math.Sqrt(SquaredError.Mean);

    /// <summary>Combines the metrics of two disjoint sets of outcomes.</summary>
    /// <param name="a">The first metrics.</param>
    /// <param name="b">The second metrics.</param>
    /// <returns>The metrics of all outcomes of both.</returns>
    public static RegressionMetrics Merge(RegressionMetrics a, RegressionMetrics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new RegressionMetrics(RunningMoments.Merge(a.AbsoluteError, b.AbsoluteError), RunningMoments.Merge(a.SquaredError, b.SquaredError));
    }
}
