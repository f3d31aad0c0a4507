// Credit approval with ModelOps.Sdk: train, register, approve, promote, watch, roll back and audit a model, on the embedded
// filesystem registry (no server, no download). Run it with: dotnet run --project samples/CreditApproval
using System.Globalization;
using System.Security.Cryptography;
using CreditApproval;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk;
using ModelOps.Sdk.MLNet.Onnx;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Storage.FileSystem;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
const string Model = "credit-approval";

// 1. Wire the registry in, as a host application would. With nothing else it stores under the default folder.
var services = new ServiceCollection();
services.AddModelOps().AddMLNet().AddOnnx().AddMLNetOnnxExport();
await using var provider = services.BuildServiceProvider();
var registry = provider.GetRequiredService<IModelRegistry>();
Step(1, $"Registry ready (filesystem store at {new FileSystemStorageOptions().RootPath}).");

// 2. Train the first scorecard on synthetic applications and register it with its metrics and lineage.
var training = SyntheticCreditData.Generate(4_000, seed: 7);
var holdout = SyntheticCreditData.Generate(2_000, seed: 8);
var v1Model = Scorecard.Train(training, epochs: 150, learningRate: 0.5);
var v1 = await RegisterAsync(v1Model, training, parent: null, "baseline scorecard, 4,000 applications");
Step(2, $"Registered {Model} v{v1.Version}: AUC {v1.Metrics["auc"]:F3}, accuracy {v1.Metrics["accuracy"]:F3}, artifact sha256 {v1.Artifact.Sha256[..12]}...");

// 3. Approve it and make it champion. Every change is recorded with who, when and why.
await registry.TransitionAsync(Model, v1.Version, ModelVersionStatus.Approved, "validated by model risk");
var previousChampion = await TryResolveAsync();
var champion = await registry.MoveAliasAsync(Model, "champion", v1.Version, previousChampion, "initial release");
Step(3, $"v{v1.Version} approved and promoted: champion -> v{champion.Version} (sequence {champion.Sequence}).");
var firstReleaseTime = champion.UpdatedAt;

// 4. Watch the champion alias, as a scoring service does to hot-swap models.
using var watching = new CancellationTokenSource();
var watcher = Task.Run(async () =>
{
    await foreach (var change in registry.WatchAliasAsync(Model, "champion", watching.Token))
    {
        Console.WriteLine($"    [watcher] champion {change.Kind}: v{change.PreviousVersion} -> v{change.Version} by {change.Actor} (seq {change.Sequence}): {change.Reason}");
    }
});
Step(4, "Watching the champion alias for changes.");

// 5. Retrain on more data (a richer model), register as a child of v1, approve and promote with optimistic concurrency.
var moreData = training.Concat(SyntheticCreditData.Generate(6_000, seed: 9)).ToList();
var v2Model = Scorecard.Train(moreData, epochs: 400, learningRate: 0.8);
var v2 = await RegisterAsync(v2Model, moreData, parent: v1.Version, "retrained on 10,000 applications");
await registry.TransitionAsync(Model, v2.Version, ModelVersionStatus.Approved, "AUC improved on holdout");
await registry.MoveAliasAsync(Model, "champion", v2.Version, expectedCurrentVersion: v1.Version, "better AUC");
Step(5, $"Registered v{v2.Version} (parent v{v2.Lineage.ParentVersion}, AUC {v2.Metrics["auc"]:F3}) and promoted it.");

// 6. A second operator, working from a stale screen, tries to promote v1 expecting v1 to still be champion: refused.
try
{
    await registry.MoveAliasAsync(Model, "champion", v1.Version, expectedCurrentVersion: v1.Version, "stale promotion");
}
catch (ConcurrencyConflictException ex)
{
    Step(6, $"Stale promotion refused: {ex.Message}");
}

// 7. Score applications with whatever is champion, reading the verified artifact; every decision names its model version.
var served = await registry.GetVersionByAliasAsync(Model, "champion");
Scorecard scorer;
await using (var artifact = await registry.OpenArtifactAsync(Model, served.Version))
{
    scorer = Scorecard.FromJson(artifact);
}

Step(7, $"Scoring with champion v{served.Version}:");
foreach (var applicant in SyntheticCreditData.Generate(3, seed: 42))
{
    Console.WriteLine($"     income {applicant.Income,8:F0}  debt ratio {applicant.DebtToIncome:F2}  late {applicant.LatePayments}  -> " +
        $"P(default) {scorer.ProbabilityOfDefault(applicant):F3}  {(scorer.Approve(applicant) ? "APPROVE" : "DECLINE")}  [{Model} v{served.Version} {served.Artifact.Sha256[..8]}]");
}

// 8. An incident: the new model declines too many applicants in one region. Roll back in one call, with the reason on record.
var rolledBack = await registry.RollbackAliasAsync(Model, "champion", "incident INC-1042: approval rate dropped in EU");
await registry.TransitionAsync(Model, v2.Version, ModelVersionStatus.Rejected, "INC-1042 post-mortem");
Step(8, $"Rolled back: champion -> v{rolledBack.Version}; v{v2.Version} rejected.");

// 9. Attach a markdown summary to the version that serves, as a hash-verified, append-only document. Its kind is the
//    application's own: the kinds in DocumentKinds belong to the packages (governance's "model-card" is JSON it reads).
var card = await registry.AttachDocumentAsync(new DocumentAttachment
{
    ModelName = Model,
    Version = rolledBack.Version,
    Kind = "model-summary",
    Name = "summary",
    MediaType = "text/markdown",
    Content = System.Text.Encoding.UTF8.GetBytes($"# {Model} v{rolledBack.Version}\nIntended use: consumer credit pre-screening.\nAUC: {v1.Metrics["auc"]:F3}\n"),
    Reason = "summary of the serving version",
});
Step(9, $"Markdown summary attached (revision {card.Revision}, sha256 {card.Sha256[..12]}...).");

// 10. The auditor's questions: which model was champion then, who changed what, and is the record intact?
await registry.RefreshAsync();
var championThen = await registry.ResolveAliasAtAsync(Model, "champion", firstReleaseTime);
Step(10, $"Champion at the first release ({firstReleaseTime:u}): v{championThen}.");
var history = await registry.GetAliasHistoryAsync(Model, "champion");
foreach (var change in history.TakeLast(4))
{
    Console.WriteLine($"     {change.Timestamp:HH:mm:ss.fff} {change.Kind,-10} v{change.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? "-"} -> v{change.Version?.ToString(CultureInfo.InvariantCulture) ?? "-"} by {change.Actor}: {change.Reason}");
}

var anchor = await registry.ExportAuditAnchorAsync(Model);
var verification = await registry.VerifyAuditLogAsync(Model, anchor);
Step(11, $"Audit chain of {Model}: {verification.EntryCount} entries, {(verification.IsValid ? "intact" : "TAMPERED")}; anchor head #{anchor.Index} {anchor.Hash[..16]}...");

await watching.CancelAsync();
await watcher.ContinueWith(_ => { }, TaskScheduler.Default);

// Part two: an ML.NET model served by alias, exported to ONNX and swapped in under load.
await MLNetServing.RunAsync(
    registry,
    provider.GetRequiredService<IModelScorerFactory>(),
    provider.GetRequiredService<MLNetOnnxExporter>(),
    Step);
await CreditApproval.Monitoring.RunAsync(registry, Model, rolledBack.Version, Step);   // part three: drift, quality and fairness monitoring
await ChampionChallenger.RunAsync(Step);
await Governance.RunAsync(Step);                                                        // part five: governance
await AdverseAction.RunAsync(Step);                                                     // part six: an adverse-action notice by replay
Console.WriteLine("Done.");

async Task<ModelVersion> RegisterAsync(Scorecard scorecard, List<Applicant> data, int? parent, string description)
{
    var fingerprint = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', data.Select(a => a.ToString())))));
    await using var artifact = new MemoryStream(scorecard.ToJson());
    return await registry.RegisterAsync(new ModelVersionRegistration
    {
        ModelName = Model,
        Flavor = "scorecard",
        Artifact = artifact,
        Signature = new ModelSignature(
            [.. Applicant.FeatureNames.Select(f => new SignatureField(f, "float64"))],
            [new SignatureField("probability_of_default", "float64")]),
        Metrics = new Dictionary<string, double> { ["auc"] = scorecard.Auc(holdout), ["accuracy"] = scorecard.Accuracy(holdout) },
        Parameters = new Dictionary<string, string> { ["algorithm"] = "logistic-regression", ["rows"] = data.Count.ToString(CultureInfo.InvariantCulture) },
        Tags = new Dictionary<string, string> { ["use-case"] = "consumer-credit" },
        Description = description,
        Lineage = new ModelLineage { TrainingDataFingerprint = fingerprint, SourceRevision = "samples/CreditApproval", ParentVersion = parent, CreatedBy = "credit-risk-pipeline" },
        InputExample = """{"income":52000,"debtToIncome":0.31,"yearsOfCreditHistory":7,"latePayments":0,"loanAmount":12000,"region":"EU"}""",
        Reason = description,
    });
}

async Task<int?> TryResolveAsync()
{
    try
    {
        return (await registry.ResolveAliasAsync(Model, "champion")).Version;
    }
    catch (ModelOpsException)
    {
        return null;
    }
}

static void Step(int number, string message) => Console.WriteLine($"{number,2}. {message}");
