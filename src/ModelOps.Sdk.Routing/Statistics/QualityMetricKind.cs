namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// The quality metric of a model's task: what an outcome (the ground truth that arrives after a prediction) is compared with.
/// </summary>
public enum QualityMetricKind
{
    /// <summary>
    /// Binary classification: the model outputs a score in [0, 1]; the outcome is the actual label. Tracks accuracy, precision,
    /// recall and AUC; the sequential test compares accuracy (a Bernoulli proportion, higher is better).
    /// </summary>
    BinaryClassification = 0,

    /// <summary>
    /// Regression: the model outputs a number; the outcome is the actual number. Tracks RMSE and MAE; the sequential test compares
    /// the mean absolute error (lower is better).
    /// </summary>
    Regression = 1,

    /// <summary>
    /// A business reward per decision (revenue, profit, conversion value). Tracks its mean and variance; the sequential test compares
    /// the mean reward (higher is better).
    /// </summary>
    Reward = 2,
}
