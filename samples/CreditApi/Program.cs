using CreditApi;
using ModelOps.Sdk;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Predictions;
using OpenTelemetry.Metrics;

var builder = WebApplication.CreateBuilder(args);

// Registers the sample's model and experiment on the first start; before AddModelOps, so it runs before the scorer loads.
builder.Services.AddHostedService<CreditModelSeeder>();
builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"))   // the filesystem default, every setting in appsettings.json
    .AddRules()
    .AddRouting()
    .AddRoutedScorer<CreditApplication, CreditDecision>(CreditModelSeeder.Model, CreditModelSeeder.Experiment)
    .AddRoutingLoops()
    .AddProblemDetails()
    .AddHealthChecks();
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddModelOpsInstrumentation().AddPrometheusExporter());

var app = builder.Build();
app.UseExceptionHandler();
app.MapModelOpsHealthChecks();          // /health, /health/ready, /health/live
app.MapPrometheusScrapingEndpoint();    // /metrics

app.MapPost("/decisions", (DecisionRequest request, IRoutedScorer<CreditApplication, CreditDecision> scorer) =>
{
    var answer = scorer.Score(request.Application, request.CustomerId);
    return new DecisionResponse(answer.Id.ToString(), answer.Value.Decision, answer.Value.Limit, answer.Value.Rule,
        answer.Model.ModelName, answer.Model.Version, answer.Arm);
});

app.MapPost("/outcomes", async (OutcomeRequest outcome, OutcomeRecorder outcomes, CancellationToken cancellationToken) =>
    await outcomes.RecordRewardAsync(outcome.PredictionId, outcome.Reward, cancellationToken)
        ? Results.Accepted()
        : Results.Ok(new { recorded = false, reason = "the decision was not enrolled in an experiment" }));

await app.RunAsync();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
