using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Replay;

namespace ModelOps.Sdk.Cli.Errors;

/// <summary>Maps the SDK's documented exceptions to the tool's exit codes (see <see cref="ExitCodes"/>).</summary>
internal static class ExceptionExitCodes
{
    /// <summary>Gets the exit code for an exception a command did not handle itself.</summary>
    public static int For(Exception exception) => exception switch
    {
        CliUsageException or InvalidPredictionIdException or OptionsValidationException or InvalidModelNameException or InvalidRegistrationException or InvalidPromotionPolicyException or InvalidRetentionPolicyException or JsonException => ExitCodes.Usage,
        GovernanceRefusalException { Rule: GovernanceRefusalException.Rules.Gates } => ExitCodes.GatesFailed,
        OperationRefusedException => ExitCodes.Refused,
        ArtifactIntegrityException or BundleIntegrityException or JournalCorruptException => ExitCodes.IntegrityFailure,
        ModelVersionPurgedException or DocumentPurgedException => ExitCodes.NotFound,
        ModelNotFoundException or ModelVersionNotFoundException or AliasNotFoundException or PredictionNotLoggedException or PredictionLogRemovedException => ExitCodes.NotFound,
        DecisionNotReproducedException => ExitCodes.DecisionNotReproduced,
        PredictionNotReplayableException => ExitCodes.DecisionNotReplayable,
        ConcurrencyConflictException or DocumentRevisionConflictException or LifecycleTransitionException or VersionRetainedException or RollbackUnavailableException => ExitCodes.Conflict,
        AuditChainBrokenException => ExitCodes.IntegrityFailure,
        StorageUnavailableException => ExitCodes.StorageUnavailable,
        ArtifactCollectionUnsupportedException => ExitCodes.NotCollectable,
        _ => ExitCodes.Error,
    };

    /// <summary>Gets the one-line message printed on stderr.</summary>
    public static string Describe(Exception exception)
    {
        var message = exception switch
        {
            OptionsValidationException options => "invalid configuration: " + string.Join("; ", options.Failures),
            GovernanceRefusalException { RequiredRole: { } role } refusal => $"refused ({refusal.Rule}): {refusal.Message} (requires role '{role}')",
            OperationRefusedException refusal => $"refused ({refusal.Rule}): {refusal.Message}",
            ModelOpsException or CliUsageException or JsonException => exception.Message,
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        return message.ReplaceLineEndings(" ");
    }
}
