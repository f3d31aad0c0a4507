using System.Globalization;
using Microsoft.AspNetCore.Http;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Monitoring;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Routing.Replay;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.AspNetCore.ProblemDetails;

/// <summary>
/// How one exception of the SDK is answered: status, error code, title, the detail a client may see, and the known subjects (model,
/// version, alias, field, rule). The mapping is the table of docs/hosting.md; keep them together.
/// </summary>
internal sealed record ModelOpsProblem(int Status, string ErrorCode, string Title, string Detail)
{
    /// <summary>The subjects written as extensions (<c>modelName</c>, <c>modelVersion</c>, <c>alias</c>, <c>field</c>, ...).</summary>
    public Dictionary<string, object?> Subjects { get; } = new(StringComparer.Ordinal);

    /// <summary>What the server-side failure was, for 5xx: the message is not shown, since it may name paths or hosts.</summary>
    private const string ServerSide = "The server could not complete the request; the trace id identifies it in the server's logs.";

    public static ModelOpsProblem From(ModelOpsException exception) => exception switch
    {
        // 400: the caller sent something the SDK refuses; the message names the field and is safe to show.
        InvalidModelInputException e => Client(400, ModelOpsErrorCodes.InvalidModelInput, "Invalid model input", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("field", e.Field),
        InvalidModelNameException e => Client(400, ModelOpsErrorCodes.InvalidName, "Invalid name", e).With("field", e.NameKind),
        InvalidRegistrationException e => Client(400, ModelOpsErrorCodes.InvalidRegistration, "Invalid registration", e)
            .With("modelName", e.ModelName).With("field", e.Field),
        InvalidReasonCodeTableException e => Client(400, ModelOpsErrorCodes.InvalidReasonCodeTable, "Invalid reason-code table", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("entry", e.Entry).With("field", e.Field),
        InvalidModelArtifactException e => Client(400, ModelOpsErrorCodes.InvalidModelArtifact, "Invalid model artifact", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("field", e.Part),
        InvalidExperimentDefinitionException e => Client(400, ModelOpsErrorCodes.InvalidExperimentDefinition, "Invalid experiment definition", e)
            .With("modelName", e.ModelName).With("experiment", e.ExperimentName).With("errors", e.Errors),
        InvalidPredictionIdException e => Client(400, ModelOpsErrorCodes.InvalidPredictionId, "Invalid prediction id", e).With("field", "predictionId"),
        InvalidPromotionPolicyException e => Client(400, ModelOpsErrorCodes.InvalidPromotionPolicy, "Invalid promotion policy", e)
            .With("modelName", e.ModelName).With("errors", e.Errors.Select(x => x.ToString()).ToArray()),
        InvalidRetentionPolicyException e => Client(400, ModelOpsErrorCodes.InvalidRetentionPolicy, "Invalid retention policy", e)
            .With("modelName", e.ModelName).With("errors", e.Errors.ToArray()),
        BundleIntegrityException e => Client(400, ModelOpsErrorCodes.BundleIntegrity, "Bundle integrity", e).With("field", e.Entry),
        InvalidMonitoringInputException e => Client(400, ModelOpsErrorCodes.InvalidMonitoringInput, "Invalid monitoring input", e).With("field", e.Parameter),
        ProfileFormatException e => Client(400, ModelOpsErrorCodes.InvalidProfile, "Invalid data profile", e),
        ProfileMismatchException e => Client(400, ModelOpsErrorCodes.ProfileMismatch, "Data does not match the profile", e).With("field", e.Feature),

        // 403: refused by a rule; the rule is named, the refusal audited by the registry.
        GovernanceRefusalException e => Client(403, ModelOpsErrorCodes.GovernanceRefused, "Refused by governance", e)
            .With("rule", e.Rule).With("operation", e.Operation.ToString()).With("requiredRole", e.RequiredRole),
        UngovernedChangeException e => Client(403, ModelOpsErrorCodes.UngovernedChange, "Refused: the change is governed by a stored policy", e)
            .With("rule", e.Rule).With("modelName", e.ModelName).With("alias", e.Alias),
        OperationRefusedException e => Client(403, ModelOpsErrorCodes.OperationRefused, "Operation refused", e)
            .With("rule", e.Rule).With("operation", e.Operation.ToString()),

        // 404: the subject does not exist.
        ModelNotFoundException e => Client(404, ModelOpsErrorCodes.ModelNotFound, "Model not found", e).With("modelName", e.ModelName),
        ModelVersionNotFoundException e => Client(404, ModelOpsErrorCodes.ModelVersionNotFound, "Model version not found", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version),
        AliasNotFoundException e => Client(404, ModelOpsErrorCodes.AliasNotFound, "Alias not found", e).With("modelName", e.ModelName).With("alias", e.Alias),
        ExperimentNotFoundException e => Client(404, ModelOpsErrorCodes.ExperimentNotFound, "Experiment not found", e)
            .With("modelName", e.ModelName).With("experiment", e.ExperimentName),
        PredictionNotLoggedException e => Client(404, ModelOpsErrorCodes.PredictionNotLogged, "Prediction not logged", e)
            .With("predictionId", e.PredictionId.ToString()),
        PredictionLogRemovedException e => Client(404, ModelOpsErrorCodes.PredictionLogRemoved, "Prediction removed by log retention", e)
            .With("predictionId", e.PredictionId.ToString()).With("removedThrough", e.RemovedThrough.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ReferenceProfileNotFoundException e => Client(404, ModelOpsErrorCodes.ReferenceProfileNotFound, "Reference profile not found", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version),

        // 410: the subject existed and was purged by retention; its metadata stays, its bytes are gone for good.
        ModelVersionPurgedException e => Client(410, ModelOpsErrorCodes.ModelVersionPurged, "Model version purged", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("purgedAt", e.PurgedAt),
        DocumentPurgedException e => Client(410, ModelOpsErrorCodes.DocumentPurged, "Document purged", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("purgedAt", e.Purge.PurgedAt),

        // 409: the request conflicts with the current state; reading it again and retrying may succeed.
        PredictionNotReplayableException e => Client(409, ModelOpsErrorCodes.DecisionNotReplayable, "Decision not replayable", e)
            .With("predictionId", e.PredictionId.ToString()).With("fields", e.RedactedFields),
        DecisionNotReproducedException e => Client(409, ModelOpsErrorCodes.DecisionNotReproduced, "Decision not reproduced", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("fields", e.Fields),
        ConcurrencyConflictException e => Client(409, ModelOpsErrorCodes.ConcurrencyConflict, "Concurrency conflict", e)
            .With("modelName", e.ModelName).With("alias", e.Alias).With("expectedVersion", e.ExpectedVersion).With("actualVersion", e.ActualVersion),
        DocumentRevisionConflictException e => Client(409, ModelOpsErrorCodes.DocumentRevisionConflict, "Document revision conflict", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("kind", e.Kind).With("document", e.Name)
            .With("expectedRevision", e.ExpectedRevision).With("actualRevision", e.ActualRevision),
        LifecycleTransitionException e => Client(409, ModelOpsErrorCodes.LifecycleTransition, "Lifecycle transition not allowed", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("currentStatus", e.CurrentStatus.ToString()),
        VersionRetainedException e => Client(409, ModelOpsErrorCodes.VersionRetained, "Version kept by its purge's condition", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version).With("rules", e.Rules),
        RollbackUnavailableException e => Client(409, ModelOpsErrorCodes.RollbackUnavailable, "Rollback unavailable", e)
            .With("modelName", e.ModelName).With("alias", e.Alias).With("modelVersion", e.CurrentVersion),
        ExplanationUnavailableException e => Client(409, ModelOpsErrorCodes.ExplanationUnavailable, "Explanation unavailable", e)
            .With("modelName", e.ModelName).With("modelVersion", e.Version),
        ExperimentControlException e => Client(409, ModelOpsErrorCodes.ExperimentControl, "Experiment state conflict", e)
            .With("modelName", e.ModelName).With("experiment", e.ExperimentName),
        ExperimentStatisticsMismatchException e => Client(409, ModelOpsErrorCodes.StatisticsMismatch, "Experiment statistics mismatch", e).With("field", e.Field),

        // 503: transient; the message may name a host or path, so it is not shown.
        ModelLoadException e => new ModelOpsProblem(503, ModelOpsErrorCodes.ModelNotLoaded, "Model not loaded",
            e.Version is { } v
                ? string.Create(CultureInfo.InvariantCulture, $"Model '{e.ModelName}' version {v} could not be loaded; try again later.")
                : $"Model '{e.ModelName}' serves no version yet; try again later.")
            .With("modelName", e.ModelName).With("modelVersion", e.Version),
        StorageUnavailableException => new ModelOpsProblem(503, ModelOpsErrorCodes.StorageUnavailable, "Storage unavailable",
            "The model store cannot be reached; try again later."),

        // 500: a fault of the server's data or configuration that retrying does not fix: an operator must act.
        AuditChainBrokenException e => new ModelOpsProblem(500, ModelOpsErrorCodes.AuditChainBroken, "Audit chain broken",
            $"The audit chain of model '{e.ModelName}' is broken: the model is neither served nor changed until an operator repairs it.")
            .With("modelName", e.ModelName),
        ArtifactIntegrityException => Server(ModelOpsErrorCodes.ArtifactIntegrity, "Artifact integrity failure"),
        JournalCorruptException => Server(ModelOpsErrorCodes.JournalCorrupt, "Registry journal corrupt"),
        StorageFormatException => Server(ModelOpsErrorCodes.StorageFormat, "Unreadable store"),
        ArtifactCollectionUnsupportedException => Server(ModelOpsErrorCodes.ArtifactCollectionUnsupported, "Artifact store cannot be collected"),
        FlavorNotRegisteredException e => Server(ModelOpsErrorCodes.FlavorNotRegistered, "Flavor not registered")
            .With("modelName", e.ModelName).With("modelVersion", e.Version),
        ModelSignatureMismatchException e => Server(ModelOpsErrorCodes.SignatureMismatch, "Model signature mismatch")
            .With("modelName", e.ModelName).With("modelVersion", e.Version),
        _ => Server(ModelOpsErrorCodes.Unexpected, "Model operations error"),
    };

    private static ModelOpsProblem Client(int status, string errorCode, string title, ModelOpsException exception) =>
        new(status, errorCode, title, exception.Message);

    private static ModelOpsProblem Server(string errorCode, string title) =>
        new(StatusCodes.Status500InternalServerError, errorCode, title, ServerSide);

    private ModelOpsProblem With(string name, object? value)
    {
        if (value is not null)
        {
            Subjects[name] = value;
        }

        return this;
    }
}
