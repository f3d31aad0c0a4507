using CreditApi;
using Microsoft.AspNetCore.Authentication;
using ModelOps.Sdk;
using ModelOps.Sdk.Predictions;
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
    .AddScorerTelemetry()               // saves this instance's calls, errors and latencies every hour, for the dashboard
    .AddRoutingLoops()
    .AddProblemDetails()
    .AddHealthChecks()
    .AddReporting();                    // the content of the dashboard at /modelops
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddModelOpsInstrumentation().AddPrometheusExporter());

// The dashboard's readers: an example API-key scheme (set Dashboard:ApiKey from a secret store; without it every request is refused).
builder.Services.AddAuthentication()
    .AddScheme<AuthenticationSchemeOptions, DashboardApiKeyHandler>(DashboardApiKeyHandler.SchemeName, null);
builder.Services.AddAuthorization(o => o.AddPolicy("ModelOpsDashboard", policy => policy
    .AddAuthenticationSchemes(DashboardApiKeyHandler.SchemeName)
    .RequireAuthenticatedUser()));

var app = builder.Build();
app.UseExceptionHandler();
app.MapModelOpsHealthChecks();          // /health, /health/ready, /health/live
app.MapPrometheusScrapingEndpoint();    // /metrics
app.MapModelOpsDashboard("/modelops", o => o.AuthorizationPolicy = "ModelOpsDashboard");   // read-only: GET and HEAD only

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
