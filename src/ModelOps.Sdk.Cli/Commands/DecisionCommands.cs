using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Replay;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary><c>modelops decisions replay</c>: replay a logged decision with the exact version that made it.</summary>
internal static class DecisionCommands
{
    /// <summary>The configuration key of the log directory when <c>--log</c> is not given (the key a host's sink binds).</summary>
    public const string LogDirectoryKey = "ModelOps:" + JsonLinesPredictionLogOptions.SectionName + ":Directory";

    public static Command Create() => new("decisions", "Logged decisions: replay one with the version that made it.") { CreateReplay() };

    private static Command CreateReplay()
    {
        var id = new Argument<string>("prediction-id") { Description = "The prediction's id, as returned with it (model:experiment:arm:version:nonce)." };
        var log = new Option<DirectoryInfo>("--log")
        {
            Description = $"The prediction log's directory (JSON-lines files). Default: configuration key {LogDirectoryKey}.",
        };
        var tolerance = new Option<double?>("--relative-tolerance")
        {
            Description = "The relative tolerance of floating-point fields of ML.NET and ONNX models (default 1e-6); rules fields and labels compare exactly.",
        };
        var command = new Command("replay", "Load the version that made a logged decision, score the logged input again and compare with the logged output.") { id, log, tolerance };
        CommandAction.Set(command, async (parse, session, ct) =>
        {
            var predictionId = PredictionId.Parse(parse.GetRequiredValue(id));
            var directory = parse.GetValue(log)?.FullName ?? session.Configuration[LogDirectoryKey]
                ?? throw new CliUsageException($"--log: give the prediction log's directory (or set {LogDirectoryKey})");
            if (!Directory.Exists(directory))
            {
                throw new CliUsageException($"--log: the directory '{directory}' does not exist");
            }

            var options = new DecisionReplayOptions();
            if (parse.GetValue(tolerance) is { } relative)
            {
                options.RelativeTolerance = relative;
            }

            DecisionReplayer replayer;
            try
            {
                replayer = new DecisionReplayer(session.Scorers, new JsonLinesPredictionLogReader(directory), options, session.Explainer);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException("--relative-tolerance: " + ex.Message, ex);
            }

            var replay = await replayer.ReplayAsync(predictionId, ct).ConfigureAwait(false);
            session.Output.Result(ToResult(replay), text => Write(text, replay));
            if (!replay.IsReproduced)
            {
                session.Output.Diagnostic("modelops: " + new DecisionNotReproducedException(replay).Message);
                return ExitCodes.DecisionNotReproduced;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static ReplayResult ToResult(DecisionReplay replay) => new(
        replay.PredictionId.ToString(),
        replay.Model.ModelName,
        replay.Model.Version,
        replay.Model.Flavor,
        replay.Model.ArtifactSha256,
        replay.Timestamp,
        replay.IsReproduced,
        replay.LoggedOutput,
        replay.ReplayedOutput,
        [.. replay.Fields.Select(static f => new ReplayFieldResult(f.Path, f.Comparison.ToString(), f.Matches, f.Logged?.DeepClone(), f.Replayed?.DeepClone()))],
        replay.Explanation is { } explanation ? JsonNode.Parse(ExplanationJson.WriteDecisionExplanation(explanation)) : null,
        replay.ExplanationUnavailable,
        replay.Explanation is null ? null : IsLogged(replay) ? "logged" : "recomputed",
        [.. replay.ExplanationDifferences.Select(static f => new ReplayFieldResult(f.Path, f.Comparison.ToString(), f.Matches, f.Logged?.DeepClone(), f.Replayed?.DeepClone()))]);

    /// <summary>Whether the explanation shown is the one logged when the decision was made.</summary>
    private static bool IsLogged(DecisionReplay replay) => replay.Explanation is not null && ReferenceEquals(replay.Explanation, replay.Logged?.Explanation);

    private static void Write(TextWriter text, DecisionReplay replay)
    {
        text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Decision {replay.PredictionId} made {CommandArguments.Format(replay.Timestamp)} by model '{replay.Model.ModelName}' version {replay.Model.Version} ({replay.Model.Flavor}, artifact {replay.Model.ArtifactSha256[..12]})"));
        text.WriteLine(replay.IsReproduced ? "Reproduced." : "NOT reproduced: the version gives a different output for the logged input.");
        foreach (var field in replay.Fields)
        {
            var verdict = field.Comparison == FieldComparison.NotCompared ? "not compared" : field.Matches ? "same" : "DIFFERS";
            text.WriteLine($"  {field.Path}: logged {field.Logged?.ToJsonString() ?? "null"}, replayed {field.Replayed?.ToJsonString() ?? "-"} ({field.Comparison.ToString().ToLowerInvariant()}, {verdict})");
        }

        if (replay.Explanation is { } explanation)
        {
            var source = IsLogged(replay) ? "logged when decided" : "recomputed by the replayed version";
            text.WriteLine($"Why ({source}; {explanation.Method}; baseline: {explanation.Baseline}):");
            foreach (var reason in explanation.ReasonCodes)
            {
                text.WriteLine($"  {reason.Code}: {reason.Text}");
            }

            foreach (var rule in explanation.FiredRules)
            {
                text.WriteLine($"  rule {rule.RuleId} fired");
            }

            foreach (var contribution in explanation.Contributions.Take(5))
            {
                text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {contribution.Feature}: {contribution.Contribution:+0.####;-0.####;0}"));
            }
        }
        else if (replay.ExplanationUnavailable is { } unavailable)
        {
            text.WriteLine("Not explained: " + unavailable);
        }

        if (replay.ExplanationFields.Count > 0)
        {
            text.WriteLine(replay.ExplanationDifferences.Count == 0
                ? "The logged explanation is the one the version gives now."
                : "The logged explanation DIFFERS from the one the version gives now:");
            foreach (var field in replay.ExplanationDifferences)
            {
                text.WriteLine($"  {field.Path}: logged {field.Logged?.ToJsonString() ?? "-"}, recomputed {field.Replayed?.ToJsonString() ?? "-"}");
            }
        }
    }

    private sealed record ReplayResult(
        string PredictionId,
        string Model,
        int Version,
        string Flavor,
        string ArtifactSha256,
        DateTimeOffset Timestamp,
        bool Reproduced,
        JsonNode LoggedOutput,
        JsonObject ReplayedOutput,
        IReadOnlyList<ReplayFieldResult> Fields,
        JsonNode? Explanation,
        string? ExplanationUnavailable,
        string? ExplanationSource,
        IReadOnlyList<ReplayFieldResult> ExplanationDifferences);

    private sealed record ReplayFieldResult(string Path, string Comparison, bool Matches, JsonNode? Logged, JsonNode? Replayed);
}
