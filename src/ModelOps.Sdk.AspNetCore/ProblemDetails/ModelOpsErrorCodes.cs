namespace ModelOps.Sdk.AspNetCore.ProblemDetails;

/// <summary>
/// The stable identifiers of the <c>errorCode</c> extension that <c>AddProblemDetails()</c> writes into each problem details
/// response, one per exception of the SDK (docs/hosting.md has the table). Clients branch on these, never on the message.
/// </summary>
public static class ModelOpsErrorCodes
{
    /// <summary>400: an input cannot be scored (<see cref="InvalidModelInputException"/>); <c>field</c> names the field.</summary>
    public const string InvalidModelInput = "invalid-model-input";

    /// <summary>400: a model, alias, tag or document name breaks the naming rules (<see cref="InvalidModelNameException"/>).</summary>
    public const string InvalidName = "invalid-name";

    /// <summary>400: a registration field is missing or invalid (<see cref="InvalidRegistrationException"/>).</summary>
    public const string InvalidRegistration = "invalid-registration";

    /// <summary>400: a reason-code table is invalid (<see cref="InvalidReasonCodeTableException"/>); <c>entry</c> and <c>field</c> name what.</summary>
    public const string InvalidReasonCodeTable = "invalid-reason-code-table";

    /// <summary>400: an artifact submitted for registration does not load (<see cref="InvalidModelArtifactException"/>).</summary>
    public const string InvalidModelArtifact = "invalid-model-artifact";

    /// <summary>400: an experiment definition does not validate (ModelOps.Sdk.Routing's <c>InvalidExperimentDefinitionException</c>).</summary>
    public const string InvalidExperimentDefinition = "invalid-experiment-definition";

    /// <summary>400: a text is not a prediction id (ModelOps.Sdk.Abstractions' <c>InvalidPredictionIdException</c>).</summary>
    public const string InvalidPredictionId = "invalid-prediction-id";

    /// <summary>400: a promotion policy does not validate (ModelOps.Sdk.Governance's <c>InvalidPromotionPolicyException</c>).</summary>
    public const string InvalidPromotionPolicy = "invalid-promotion-policy";

    /// <summary>400: a retention policy does not validate (ModelOps.Sdk.Governance's <c>InvalidRetentionPolicyException</c>).</summary>
    public const string InvalidRetentionPolicy = "invalid-retention-policy";

    /// <summary>400: a bundle's content does not match its manifest (ModelOps.Sdk.Governance's <c>BundleIntegrityException</c>).</summary>
    public const string BundleIntegrity = "bundle-integrity";

    /// <summary>400: monitoring was given invalid data (ModelOps.Sdk.Monitoring's <c>InvalidMonitoringInputException</c>).</summary>
    public const string InvalidMonitoringInput = "invalid-monitoring-input";

    /// <summary>400: a data profile document does not read (ModelOps.Sdk.Monitoring's <c>ProfileFormatException</c>).</summary>
    public const string InvalidProfile = "invalid-profile";

    /// <summary>400: data does not match the profile it is compared with (ModelOps.Sdk.Monitoring's <c>ProfileMismatchException</c>).</summary>
    public const string ProfileMismatch = "profile-mismatch";

    /// <summary>403: a guard, policy or authorization refused the operation (<see cref="OperationRefusedException"/>); <c>rule</c> names the rule.</summary>
    public const string OperationRefused = "operation-refused";

    /// <summary>403: governance refused the operation (ModelOps.Sdk.Governance's <c>GovernanceRefusalException</c>).</summary>
    public const string GovernanceRefused = "governance-refused";

    /// <summary>403: a registry without governance was asked to change what a stored policy governs (<see cref="UngovernedChangeException"/>).</summary>
    public const string UngovernedChange = "ungoverned-change";

    /// <summary>500: garbage collection was asked of an artifact store that cannot list and delete its content (<see cref="ArtifactCollectionUnsupportedException"/>).</summary>
    public const string ArtifactCollectionUnsupported = "artifact-collection-unsupported";

    /// <summary>404: no model has that name (<see cref="ModelNotFoundException"/>).</summary>
    public const string ModelNotFound = "model-not-found";

    /// <summary>404: the model has no such version (<see cref="ModelVersionNotFoundException"/>).</summary>
    public const string ModelVersionNotFound = "model-version-not-found";

    /// <summary>410: the version was purged by retention; its metadata stays, its artifact is not served (<see cref="ModelVersionPurgedException"/>).</summary>
    public const string ModelVersionPurged = "model-version-purged";

    /// <summary>410: the document was purged by retention (<see cref="DocumentPurgedException"/>).</summary>
    public const string DocumentPurged = "document-purged";

    /// <summary>404: the model has no such alias (<see cref="AliasNotFoundException"/>).</summary>
    public const string AliasNotFound = "alias-not-found";

    /// <summary>404: the model has no such experiment (ModelOps.Sdk.Routing's <c>ExperimentNotFoundException</c>).</summary>
    public const string ExperimentNotFound = "experiment-not-found";

    /// <summary>404: a prediction is not in the prediction log (ModelOps.Sdk.Routing's <c>PredictionNotLoggedException</c>).</summary>
    public const string PredictionNotLogged = "prediction-not-logged";

    /// <summary>404: a prediction to replay is not in the log, whose retention has removed its files (ModelOps.Sdk.Routing's <c>PredictionLogRemovedException</c>).</summary>
    public const string PredictionLogRemoved = "prediction-log-removed";

    /// <summary>409: a logged decision cannot be replayed: its input was redacted or its output not logged (ModelOps.Sdk.Routing's <c>PredictionNotReplayableException</c>).</summary>
    public const string DecisionNotReplayable = "decision-not-replayable";

    /// <summary>409: a strict replay gave a different output than the one logged (ModelOps.Sdk.Routing's <c>DecisionNotReproducedException</c>).</summary>
    public const string DecisionNotReproduced = "decision-not-reproduced";

    /// <summary>404: a version has no reference profile of that name (ModelOps.Sdk.Monitoring's <c>ReferenceProfileNotFoundException</c>).</summary>
    public const string ReferenceProfileNotFound = "reference-profile-not-found";

    /// <summary>409: an alias was not at the expected version (<see cref="ConcurrencyConflictException"/>).</summary>
    public const string ConcurrencyConflict = "concurrency-conflict";

    /// <summary>409: a document was not at the expected revision (<see cref="DocumentRevisionConflictException"/>).</summary>
    public const string DocumentRevisionConflict = "document-revision-conflict";

    /// <summary>409: a status change is not allowed (<see cref="LifecycleTransitionException"/>).</summary>
    public const string LifecycleTransition = "lifecycle-transition";

    /// <summary>409: a conditional purge found the version kept when it committed, for example by the retention policy (<see cref="VersionRetainedException"/>).</summary>
    public const string VersionRetained = "version-retained";

    /// <summary>409: an alias has nothing to roll back to (<see cref="RollbackUnavailableException"/>).</summary>
    public const string RollbackUnavailable = "rollback-unavailable";

    /// <summary>409: an experiment is not in a state that allows the operation (ModelOps.Sdk.Routing's <c>ExperimentControlException</c>).</summary>
    public const string ExperimentControl = "experiment-control";

    /// <summary>409: a version's decisions cannot be explained as it stands, for example without a reference profile to occlude against (<see cref="ExplanationUnavailableException"/>).</summary>
    public const string ExplanationUnavailable = "explanation-unavailable";

    /// <summary>409: experiment statistics of different subjects were combined (ModelOps.Sdk.Routing's <c>ExperimentStatisticsMismatchException</c>).</summary>
    public const string StatisticsMismatch = "statistics-mismatch";

    /// <summary>503: the scorer serves no version yet (<see cref="ModelLoadException"/>); <c>Retry-After</c> says when it tries again.</summary>
    public const string ModelNotLoaded = "model-not-loaded";

    /// <summary>503: the store cannot be reached (<see cref="StorageUnavailableException"/>); a transient fault.</summary>
    public const string StorageUnavailable = "storage-unavailable";

    /// <summary>500: a model's audit chain is broken (<see cref="AuditChainBrokenException"/>); the model is neither served nor changed.</summary>
    public const string AuditChainBroken = "audit-chain-broken";

    /// <summary>500: stored bytes do not match their SHA-256 (<see cref="ArtifactIntegrityException"/>).</summary>
    public const string ArtifactIntegrity = "artifact-integrity";

    /// <summary>500: the store's journal is corrupt (<see cref="JournalCorruptException"/>).</summary>
    public const string JournalCorrupt = "journal-corrupt";

    /// <summary>500: the store was written by a newer library or is not a store (<see cref="StorageFormatException"/>).</summary>
    public const string StorageFormat = "storage-format";

    /// <summary>500: a version's flavor is not registered in this host (<see cref="FlavorNotRegisteredException"/>).</summary>
    public const string FlavorNotRegistered = "flavor-not-registered";

    /// <summary>500: the host's scoring types do not match a version's signature (<see cref="ModelSignatureMismatchException"/>).</summary>
    public const string SignatureMismatch = "signature-mismatch";

    /// <summary>500: any other <see cref="ModelOpsException"/> (for example ModelOps.Sdk.S3's <c>S3ArtifactStoreException</c>).</summary>
    public const string Unexpected = "modelops-error";
}
