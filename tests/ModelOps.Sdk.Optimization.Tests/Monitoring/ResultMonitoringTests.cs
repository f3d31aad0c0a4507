using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Optimization.Tests.Monitoring;

/// <summary>Solve time, status and objective are outputs like any other: they profile and stream through a monitor.</summary>
public sealed class ResultMonitoringTests
{
    [Fact]
    public async Task StreamingMonitor_OverResults_ProfilesObjectiveStatusAndSolveTime()
    {
        await using var models = new OptimizationModels();
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", OptimizationModels.Example("production-plan.json"));
        var schema = new MonitoringSchemaBuilder<OptimizationInput, OptimizationResult>()
            .AddNumericInput("woodAvailable", i => i.Parameters["woodAvailable"])
            .AddNumericPrediction("objective", r => r.ObjectiveValue)
            .AddCategoricalPrediction("status", r => r.Status.ToString())
            .AddNumericPrediction("solveTimeMs", r => r.SolveTimeMilliseconds)
            .Build();
        OptimizationInput[] reference = [.. Enumerable.Range(0, 20).Select(i => Input(60 + (i * 5)))];
        var referenceProfile = schema.FitReference(reference, [.. reference.Select(predictor.Predict)]);

        using var monitor = new StreamingMonitor<OptimizationInput, OptimizationResult>(schema, referenceProfile, new StreamingMonitorOptions());
        foreach (var wood in new[] { 80.0, 100.0, 120.0 })
        {
            var input = Input(wood);
            monitor.Observe(input, predictor.Predict(input));
        }

        var infeasible = new OptimizationInput { Parameters = { ["woodAvailable"] = 100, ["minTables"] = 40 } };
        monitor.Observe(infeasible, predictor.Predict(infeasible));
        var profile = monitor.GetCurrentProfile();

        var status = profile.Predictions.Single(p => p.Name == "status");
        var objective = profile.Predictions.Single(p => p.Name == "objective");
        var solveTime = profile.Predictions.Single(p => p.Name == "solveTimeMs");
        Assert.Equal(4, status.Count);
        Assert.Contains("Infeasible", status.UnseenExamples);
        Assert.Equal(1, objective.MissingCount);
        Assert.Equal(4, solveTime.Count);
        Assert.True(solveTime.Moments!.Min > 0);
    }

    private static OptimizationInput Input(double wood) => new() { Parameters = { ["woodAvailable"] = wood } };
}
