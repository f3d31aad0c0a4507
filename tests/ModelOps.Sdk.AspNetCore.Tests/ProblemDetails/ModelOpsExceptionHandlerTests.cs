using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.AspNetCore.ProblemDetails;
using ModelOps.Sdk.AspNetCore.Tests.Infrastructure;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Monitoring;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Routing.Replay;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.AspNetCore.Tests.ProblemDetails;

public sealed class ModelOpsExceptionHandlerTests : IAsyncLifetime
{
    // Stands for what a server-side message may hold (a path, a host, a bucket): it must never reach a client in a 5xx.
    private const string Secret = "/srv/secret-location";

    /// <summary>Each exception the SDK's packages throw, the status and error code it is answered with, and one subject it names.</summary>
    private static readonly (Func<ModelOpsException> Create, int Status, string ErrorCode, string? Subject, object? Value)[] Cases =
    [
        (() => new InvalidModelInputException("credit", 3, "income", "the value is NaN"), 400, ModelOpsErrorCodes.InvalidModelInput, "field", "income"),
        (() => new InvalidModelNameException("alias", "Champion!", "letters, digits and '-'"), 400, ModelOpsErrorCodes.InvalidName, "field", "alias"),
        (() => new InvalidRegistrationException("credit", "Flavor", "is required"), 400, ModelOpsErrorCodes.InvalidRegistration, "field", "Flavor"),
        (() => new InvalidModelArtifactException("credit", null, "rules", "rules[2]", "unknown field 'incme'"), 400, ModelOpsErrorCodes.InvalidModelArtifact, "field", "rules[2]"),
        (() => new InvalidExperimentDefinitionException("credit", "split", ["weights sum to 0"]), 400, ModelOpsErrorCodes.InvalidExperimentDefinition, "experiment", "split"),
        (() => new InvalidPredictionIdException("nonsense", "expected 5 parts"), 400, ModelOpsErrorCodes.InvalidPredictionId, "field", "predictionId"),
        (() => new InvalidPromotionPolicyException("credit", [new PromotionPolicyError(0, "metric-threshold", "Minimum", "must be set")]), 400, ModelOpsErrorCodes.InvalidPromotionPolicy, "modelName", "credit"),
        (() => new ModelOps.Sdk.Governance.Retention.InvalidRetentionPolicyException("credit", ["keepLastVersions: 0 is less than 1"]), 400, ModelOpsErrorCodes.InvalidRetentionPolicy, "modelName", "credit"),
        (() => new BundleIntegrityException("versions/3/model.zip", "hash differs"), 400, ModelOpsErrorCodes.BundleIntegrity, "field", "versions/3/model.zip"),
        (() => new InvalidMonitoringInputException("counts", "all counts are 0"), 400, ModelOpsErrorCodes.InvalidMonitoringInput, "field", "counts"),
        (() => new ProfileFormatException(9, "schema version 9 is newer"), 400, ModelOpsErrorCodes.InvalidProfile, null, null),
        (() => new ProfileMismatchException("income", "numeric in the reference, text here"), 400, ModelOpsErrorCodes.ProfileMismatch, "field", "income"),
        (() => new GovernanceRefusalException(RegistryOperationKind.MoveAlias, GovernanceRefusalException.Rules.ProtectedAlias, "champion is protected"), 403, ModelOpsErrorCodes.GovernanceRefused, "rule", "protected-alias"),
        (() => new UngovernedChangeException(RegistryOperationKind.MoveAlias, "credit", "champion", "credit", 2, "a stored policy governs champion"), 403, ModelOpsErrorCodes.UngovernedChange, "alias", "champion"),
        (() => new OperationRefusedException(RegistryOperationKind.Register, "custom-guard", "refused by the guard"), 403, ModelOpsErrorCodes.OperationRefused, "rule", "custom-guard"),
        (() => new ModelNotFoundException("credit"), 404, ModelOpsErrorCodes.ModelNotFound, "modelName", "credit"),
        (() => new ModelVersionNotFoundException("credit", 9, 3), 404, ModelOpsErrorCodes.ModelVersionNotFound, "modelVersion", 9),
        (() => new AliasNotFoundException("credit", "canary"), 404, ModelOpsErrorCodes.AliasNotFound, "alias", "canary"),
        (() => new ExperimentNotFoundException("credit", "split"), 404, ModelOpsErrorCodes.ExperimentNotFound, "experiment", "split"),
        (() => new PredictionNotLoggedException(new PredictionId("credit", "split", "champion", 1, 42), "not in the log"), 404, ModelOpsErrorCodes.PredictionNotLogged, "predictionId", new PredictionId("credit", "split", "champion", 1, 42).ToString()),
        (() => new PredictionLogRemovedException(new PredictionId("credit", null, "champion", 1, 42), new DateOnly(2026, 3, 1)), 404, ModelOpsErrorCodes.PredictionLogRemoved, "removedThrough", "2026-03-01"),
        (() => new DecisionNotReproducedException(new DecisionReplay(new PredictionId("credit", null, "champion", 1, 42), new ServedModel("credit", 1, new string('0', 64), "rules"), DateTimeOffset.UnixEpoch, [], new System.Text.Json.Nodes.JsonObject { ["limit"] = 1 }, new System.Text.Json.Nodes.JsonObject { ["limit"] = 2 }, [new ReplayedField("limit", 1, 2, FieldComparison.Exact, Matches: false)])), 409, ModelOpsErrorCodes.DecisionNotReproduced, "modelVersion", 1),
        (() => new PredictionNotReplayableException(new PredictionId("credit", null, "champion", 1, 42), "redacted", ["income"]), 409, ModelOpsErrorCodes.DecisionNotReplayable, "predictionId", "credit::champion:1:000000000000002a"),
        (() => new ReferenceProfileNotFoundException("credit", 2, "default"), 404, ModelOpsErrorCodes.ReferenceProfileNotFound, "modelVersion", 2),
        (() => new ModelVersionPurgedException("credit", 3, new PurgeRecord(DateTimeOffset.UnixEpoch, "ada", "retention", 12)), 410, ModelOpsErrorCodes.ModelVersionPurged, "modelVersion", 3),
        (() => new DocumentPurgedException(new ModelDocument("credit", 3, "monitoring-report", "daily", "application/json", "ab12", 2, 1, DateTimeOffset.UnixEpoch, "monitor", 9), new PurgeRecord(DateTimeOffset.UnixEpoch, "ada", "retention", 12)), 410, ModelOpsErrorCodes.DocumentPurged, "modelName", "credit"),
        (() => new ConcurrencyConflictException("credit", "champion", 1, 2), 409, ModelOpsErrorCodes.ConcurrencyConflict, "actualVersion", 2),
        (() => new DocumentRevisionConflictException("credit", null, "experiment", "split", 3, 4), 409, ModelOpsErrorCodes.DocumentRevisionConflict, "actualRevision", 4),
        (() => new InvalidReasonCodeTableException("credit", 2, 3, "text", "is empty"), 400, ModelOpsErrorCodes.InvalidReasonCodeTable, "entry", 3),
        (() => new ExplanationUnavailableException("credit", 2, "the version has no reference profile 'default'"), 409, ModelOpsErrorCodes.ExplanationUnavailable, "modelVersion", 2),
        (() => new LifecycleTransitionException("credit", 2, ModelVersionStatus.Archived, ModelVersionStatus.Approved, "archived versions stay archived"), 409, ModelOpsErrorCodes.LifecycleTransition, "modelVersion", 2),
        (() => new VersionRetainedException("credit", 3, new VersionKeepReason(["approved"], "it is Approved")), 409, ModelOpsErrorCodes.VersionRetained, "modelVersion", 3),
        (() => new RollbackUnavailableException("credit", "champion", 1), 409, ModelOpsErrorCodes.RollbackUnavailable, "alias", "champion"),
        (() => new ExperimentControlException("credit", "split", "resume", "the experiment is concluded"), 409, ModelOpsErrorCodes.ExperimentControl, "experiment", "split"),
        (() => new ExperimentStatisticsMismatchException("credit/split", "arm", "different arms"), 409, ModelOpsErrorCodes.StatisticsMismatch, "field", "arm"),
        (() => new ModelLoadException("credit", 2, $"could not read {Secret}", null), 503, ModelOpsErrorCodes.ModelNotLoaded, "modelVersion", 2),
        (() => new StorageUnavailableException(Secret, $"cannot reach {Secret}", 3), 503, ModelOpsErrorCodes.StorageUnavailable, null, null),
        (() => new AuditChainBrokenException("credit", 7, AuditViolationKind.ContentAltered, $"hash differs in {Secret}"), 500, ModelOpsErrorCodes.AuditChainBroken, "modelName", "credit"),
        (() => new ArtifactIntegrityException("ab12", "cd34", $"blob at {Secret}"), 500, ModelOpsErrorCodes.ArtifactIntegrity, null, null),
        (() => new JournalCorruptException(Secret, 12, $"line 12 of {Secret} is altered"), 500, ModelOpsErrorCodes.JournalCorrupt, null, null),
        (() => new StorageFormatException(Secret, $"{Secret} was written by a newer library"), 500, ModelOpsErrorCodes.StorageFormat, null, null),
        (() => new ArtifactCollectionUnsupportedException(Secret), 500, ModelOpsErrorCodes.ArtifactCollectionUnsupported, null, null),
        (() => new FlavorNotRegisteredException("credit", 2, "onnx", ["rules"]), 500, ModelOpsErrorCodes.FlavorNotRegistered, "modelVersion", 2),
        (() => new ModelSignatureMismatchException("credit", 2, "income", $"type differs ({Secret})"), 500, ModelOpsErrorCodes.SignatureMismatch, "modelVersion", 2),
        (() => new ModelOpsException($"something else at {Secret}"), 500, ModelOpsErrorCodes.Unexpected, null, null),
    ];

    private TestApp _app = null!;

    public static TheoryData<int> CaseIndexes => [.. Enumerable.Range(0, Cases.Length)];

    public async Task InitializeAsync() =>
        _app = await TestApp.StartAsync(
            modelOps => modelOps.AddProblemDetails(),
            app =>
            {
                app.MapGet("/throw/{index:int}", (int index) => { throw Cases[index].Create(); });
                app.MapGet("/throw-other", () => { throw new InvalidOperationException(Secret); });
            });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [MemberData(nameof(CaseIndexes))]
    public async Task ModelOpsException_IsAnsweredWithProblemDetailsOfItsCategory(int index)
    {
        var (create, status, errorCode, subject, value) = Cases[index];
        var exception = create();

        using var response = await _app.Client.GetAsync($"/throw/{index}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.Equal(errorCode, root.GetProperty("errorCode").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("traceId").GetString()));
        Assert.Equal($"/throw/{index}", root.GetProperty("instance").GetString());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace
        if (subject is not null)
        {
            Assert.Equal(JsonSerializer.Serialize(value), root.GetProperty(subject).GetRawText());
        }

        if (status < 500)
        {
            Assert.Equal(exception.Message, root.GetProperty("detail").GetString());
        }
        else
        {
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NotLoaded_TellsWhenToRetry()
    {
        var index = Array.FindIndex(Cases, c => c.ErrorCode == ModelOpsErrorCodes.ModelNotLoaded);

        using var response = await _app.Client.GetAsync($"/throw/{index}");

        // ModelOps:Hosting:ScorerLoadRetryInterval, 5 seconds by default: when a hosted scorer tries to load again.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
    }

    [Fact]
    public async Task OtherException_IsLeftToTheHostsDefaultHandling()
    {
        using var response = await _app.Client.GetAsync("/throw-other");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain("errorCode", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealScoringFailure_NamesTheFieldInA400()
    {
        // A real rules model refusing a real input: no hand-made exception.
        const string Table = """
            { "formatVersion": 1, "hitPolicy": "FIRST",
              "inputs": [ { "name": "country", "type": "string" } ], "outputs": [ { "name": "decision", "type": "string" } ],
              "rules": [ { "id": "any", "then": { "decision": "APPROVE" } } ] }
            """;
        await using var app = await TestApp.StartAsync(
            modelOps => modelOps.AddRules().AddScorer<CountryInput, DecisionOutput>("countries", "champion").AddProblemDetails().AddHealthChecks(),
            web =>
            {
                web.MapModelOpsHealthChecks();
                web.MapPost("/score", (CountryInput input, IModelScorer<CountryInput, DecisionOutput> scorer) => scorer.Score(input).Value);
            },
            scorers: true);
        var registry = app.Services.GetRequiredService<IModelRegistry>();
        var version = await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "countries",
            Flavor = "rules",
            Artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Table)),
        });
        await registry.SetAliasAsync("countries", "champion", version.Version);
        await ScorerWaits.UntilServingAsync(app.Client, "countries@champion");

        using var response = await app.Client.PostAsJsonAsync("/score", new CountryInput());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ModelOpsErrorCodes.InvalidModelInput, json.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal("country", json.RootElement.GetProperty("field").GetString());
        Assert.Equal("countries", json.RootElement.GetProperty("modelName").GetString());
        Assert.Equal(version.Version, json.RootElement.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public void Cases_CoverEveryPublicExceptionOfTheMappedPackages()
    {
        Assembly[] packages =
        [
            typeof(ModelOpsException).Assembly, typeof(ExperimentStore).Assembly, typeof(InvalidMonitoringInputException).Assembly,
            typeof(GovernanceRefusalException).Assembly,
        ];
        var thrown = packages.SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(ModelOpsException).IsAssignableFrom(t))
            .Select(t => t.FullName).Order(StringComparer.Ordinal);
        var covered = Cases.Select(c => c.Create().GetType().FullName).Order(StringComparer.Ordinal);

        Assert.Equal(thrown, covered);
    }
}
