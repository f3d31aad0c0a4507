using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.ML;
using ModelOps.Sdk;
using ModelOps.Sdk.MLNet.Onnx;
using ModelOps.Sdk.Scoring;

namespace CreditApproval;

/// <summary>
/// Part two of the sample: an ML.NET model trained here, registered, served by alias, exported to ONNX with a parity check, and
/// swapped in while calls are running.
/// </summary>
internal static class MLNetServing
{
    public const string Model = "credit-approval-mlnet";

    public static async Task RunAsync(IModelRegistry registry, IModelScorerFactory scorers, MLNetOnnxExporter exporter, Action<int, string> step)
    {
        // 12. Train a logistic regression with ML.NET and register it: the mlnet flavor checks it loads and captures its signature.
        var training = SyntheticCreditData.Generate(4_000, seed: 17).Select(CreditFeatures.From).ToList();
        var v1 = await RegisterAsync(registry, Train(training), "ML.NET logistic regression, 4,000 applications", parent: null);
        await registry.TransitionAsync(Model, v1.Version, ModelVersionStatus.Approved, "validated");
        await registry.SetAliasAsync(Model, "champion", v1.Version, "first ML.NET release");
        step(12, $"Registered {Model} v{v1.Version} (mlnet); captured signature: {string.Join(", ", v1.Signature.Inputs.Select(i => i.Name))} -> {string.Join(", ", v1.Signature.Outputs.Select(o => o.Name))}.");

        // 13. Serve it by alias: a typed scorer that follows 'champion'.
        await using var scorer = await scorers.CreateScorerAsync<CreditFeatures, CreditPrediction>(Model, "champion");
        var applicant = CreditFeatures.From(SyntheticCreditData.Generate(1, seed: 99)[0]);
        var first = scorer.Score(applicant);
        step(13, $"Scorer serving v{first.Model.Version} ({first.Model.Flavor}): P(default) {first.Value.Probability:F3} for one applicant.");

        // 14. Retrain, export the new model to ONNX as its own version, and check the export against its source.
        var more = training.Concat(SyntheticCreditData.Generate(6_000, seed: 18).Select(CreditFeatures.From)).ToList();
        var v2 = await RegisterAsync(registry, Train(more), "ML.NET logistic regression, 10,000 applications", parent: v1.Version);
        var sample = more.Take(200).ToList();
        var onnx = await exporter.ExportAsync(Model, v2.Version, sample, "portable copy for the scoring fleet");
        var parity = await exporter.CheckParityAsync<CreditFeatures, CreditPrediction>(Model, v2.Version, onnx.Version, sample);
        await registry.TransitionAsync(Model, onnx.Version, ModelVersionStatus.Approved, $"parity {parity.WorstAbsoluteDifference:E1}");
        step(14, $"Exported v{v2.Version} to ONNX as v{onnx.Version} (parent v{onnx.Lineage.ParentVersion}); parity on {parity.SampleSize} inputs: " +
            string.Join(", ", parity.MaxAbsoluteDifference.Select(d => $"{d.Key} {d.Value:E1}")) + ".");

        // 15. Move the champion to the ONNX version while two threads keep scoring: no call fails, each names its version.
        var served = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var p = scorer.Score(applicant);
                    served.AddOrUpdate($"v{p.Model.Version} ({p.Model.Flavor})", 1, (_, n) => n + 1);
                }
                catch (ModelOpsException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        await registry.MoveAliasAsync(Model, "champion", onnx.Version, expectedCurrentVersion: v1.Version, "serve the portable model");
        while (scorer.Status.Serving?.Version != onnx.Version)
        {
            await Task.Yield();
        }

        // Let the callers run on the new version for a while before stopping them.
        var newKey = $"v{onnx.Version} (onnx)";
        while (served.GetValueOrDefault(newKey) < 1_000)
        {
            await Task.Yield();
        }

        var afterSwap = scorer.Score(applicant);
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        step(15, $"Champion moved to v{onnx.Version} while scoring: {string.Join(", ", served.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Value:N0} calls on {s.Key}"))}; " +
            $"{failures} failed. Now P(default) {afterSwap.Value.Probability:F3} from v{afterSwap.Model.Version}.");
    }

    private static ITransformer Train(List<CreditFeatures> data)
    {
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(CreditFeatures.Income), nameof(CreditFeatures.DebtToIncome),
                nameof(CreditFeatures.YearsOfCreditHistory), nameof(CreditFeatures.LatePayments), nameof(CreditFeatures.LoanAmount))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(CreditFeatures.Label), featureColumnName: "Features"));
        return pipeline.Fit(ml.Data.LoadFromEnumerable(data));
    }

    private static async Task<ModelVersion> RegisterAsync(IModelRegistry registry, ITransformer model, string description, int? parent)
    {
        var ml = new MLContext(seed: 1);
        using var zip = new MemoryStream();
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(new List<CreditFeatures>()).Schema, zip);
        zip.Position = 0;
        return await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "mlnet",
            Artifact = zip,
            Description = description,
            Parameters = new Dictionary<string, string> { ["trainer"] = "SdcaLogisticRegression", ["seed"] = 1.ToString(CultureInfo.InvariantCulture) },
            Lineage = new ModelLineage { ParentVersion = parent, SourceRevision = "samples/CreditApproval", CreatedBy = "credit-risk-pipeline" },
            InputExample = """{"income":0.52,"debtToIncome":0.31,"yearsOfCreditHistory":0.7,"latePayments":0,"loanAmount":0.24}""",
            Reason = description,
        });
    }
}
