using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Optimization.Tests.DependencyInjection;

/// <summary>The flavor's options are validated when it is resolved, bind from their section, and choose the solver.</summary>
public sealed class OptimizationFlavorOptionsTests
{
    [Theory]
    [InlineData("TimeLimit", "00:00:00", "TimeLimit must be between 1 ms")]
    [InlineData("MipSolver", "GUROBI", "MipSolver must be one of SCIP, CBC, SAT; it is 'GUROBI'")]
    [InlineData("LpSolver", "SIMPLEX", "LpSolver must be one of GLOP, CLP, PDLP, SCIP, CBC, SAT; it is 'SIMPLEX'")]
    public void ResolvingTheFlavor_WithInvalidOptions_FailsNamingTheOptionAndValue(string option, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{OptimizationFlavorOptions.SectionName}:{option}"] = value })
            .Build();
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOptimization();
        services.Configure<OptimizationFlavorOptions>(configuration.GetSection(OptimizationFlavorOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetServices<IModelFlavor>().ToList());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOptimization_Twice_RegistersTheFlavorOnceAndAppliesBothCallbacks()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOptimization(o => o.MipSolver = "CBC").AddOptimization(o => o.TimeLimit = TimeSpan.FromSeconds(3));
        using var provider = services.BuildServiceProvider();

        var flavors = provider.GetServices<IModelFlavor>().OfType<OptimizationFlavor>().ToList();
        var options = provider.GetRequiredService<IOptions<OptimizationFlavorOptions>>().Value;

        Assert.Single(flavors);
        Assert.Equal(("CBC", TimeSpan.FromSeconds(3)), (options.MipSolver, options.TimeLimit));
    }

    [Theory]
    [InlineData("CBC", "CLP")]
    [InlineData("sat", "pdlp")]
    public async Task OtherShippedSolvers_SolveTheExampleToTheSamePlan(string mipSolver, string lpSolver)
    {
        await using var models = new OptimizationModels(o => (o.MipSolver, o.LpSolver) = (mipSolver, lpSolver));
        var predictor = await models.PredictorAsync<OptimizationInput, OptimizationResult>("plan", OptimizationModels.Example("production-plan.json"));

        var plan = predictor.Predict(new OptimizationInput { Parameters = { ["woodAvailable"] = 120 } });

        Assert.Equal(SolverStatus.Optimal, plan.Status);
        Assert.Equal(860, plan.ObjectiveValue, 6);
    }
}
