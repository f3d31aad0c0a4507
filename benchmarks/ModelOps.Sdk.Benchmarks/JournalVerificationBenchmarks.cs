using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Registry;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// What checking every journal entry (index, link, SHA-256 of its content, and with a signing key its HMAC signature) adds to a
/// registry's cold open: a new filesystem store reads a 100,000-entry journal and the replica folds it.
/// Target: the checked fold at most 1.10 times the same fold with the checks off.
/// </summary>
/// <remarks>
/// One operation reads and folds the whole journal (seconds on a loaded machine), so run a short job, out of process (the
/// in-process toolchain gives up on benchmarks this long):
/// <c>--filter '*JournalVerification*' --launchCount 1 --warmupCount 3 --iterationCount 20 --invocationCount 1 --unrollFactor 1</c>.
/// </remarks>
[MemoryDiagnoser]
public class JournalVerificationBenchmarks
{
    private const int Models = 10;
    private const int EntriesPerModel = 10_000;
    private const int VersionsPerModel = 4_000;
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 11)).ToArray());

    private string _root = string.Empty;
    private IAuditSigner? _signer;

    /// <summary>Whether the journal is signed (ModelOpsOptions.AuditSigningKey) and the checks verify signatures too.</summary>
    [Params(false, true)]
    public bool Signing { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _root = Path.Combine(Path.GetTempPath(), "modelops-bench-journal-" + Guid.NewGuid().ToString("N"));
        var options = new ModelOpsOptions { AuditSigningKey = Signing ? SigningKey : null };
        _signer = HmacAuditSigner.FromOptions(options);

        // Written by the real registry (in memory, to be quick), then copied into a filesystem journal in large appends.
        var services = new ServiceCollection();
        services.AddModelOps(o => o.AuditSigningKey = options.AuditSigningKey).UseInMemory();
        await using (var provider = services.BuildServiceProvider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            for (var m = 0; m < Models; m++)
            {
                var model = $"model-{m:D2}";
                for (var v = 1; v <= VersionsPerModel; v++)
                {
                    await registry.RegisterAsync(new ModelVersionRegistration
                    {
                        ModelName = model,
                        Flavor = "onnx",
                        Artifact = new MemoryStream(Encoding.UTF8.GetBytes($"{model} {v}")),
                        Description = $"nightly retrain {v} of {model}",
                        Tags = new Dictionary<string, string> { ["owner"] = "risk-team", ["dataset"] = $"loans-2026-{v % 12 + 1:D2}" },
                        Metrics = new Dictionary<string, double> { ["auc"] = 0.8 + (v % 100 / 1000.0), ["f1"] = 0.7 },
                    });
                }

                for (var i = VersionsPerModel; i < EntriesPerModel; i++)
                {
                    await registry.SetAliasAsync(model, i % 2 == 0 ? "champion" : "challenger", (i % VersionsPerModel) + 1, reason: "scheduled promotion");
                }
            }

            var metadata = provider.GetRequiredService<IModelMetadataStore>();
            using var target = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = _root });
            var run = new List<JournalEntry>();
            await foreach (var entry in metadata.ReadAsync(0))
            {
                if (run.Count == 5_000 || (run.Count > 0 && run[0].Scope != entry.Scope))
                {
                    await AppendAsync(target, run);
                }

                run.Add(entry);
            }

            await AppendAsync(target, run);
        }

        var count = await FoldAsync(verify: true);
        if (count != Models * EntriesPerModel)
        {
            throw new InvalidOperationException($"The journal holds {count} entries, not {Models * EntriesPerModel}.");
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true)]
    public Task<long> ColdOpenUnchecked() => FoldAsync(verify: false);

    [Benchmark]
    public Task<long> ColdOpenChecked() => FoldAsync(verify: true);

    private static async Task AppendAsync(FileSystemMetadataStore target, List<JournalEntry> run)
    {
        var result = await target.AppendAsync(run[0].Scope, run[0].Index, run.ToArray());
        if (!result.IsCommitted)
        {
            throw new InvalidOperationException($"Copying the journal conflicted at '{run[0].Scope}' index {run[0].Index}.");
        }

        run.Clear();
    }

    /// <summary>What <c>ModelRegistry.RefreshAsync</c> does on its first call: a new store reads the whole journal, the replica folds it.</summary>
    private async Task<long> FoldAsync(bool verify)
    {
        using var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = _root });
        var batch = new List<JournalEntry>();
        await foreach (var entry in store.ReadAsync(0))
        {
            batch.Add(entry);
        }

        var replica = new RegistryReplica(NullLogger.Instance, _signer, serveBrokenChains: false, verifyChains: verify);
        replica.Apply(batch);
        lock (replica.Gate)
        {
            if (replica.Breaks.Any())
            {
                throw new InvalidOperationException("The generated journal does not verify.");
            }
        }

        return replica.LastSequence;
    }
}
