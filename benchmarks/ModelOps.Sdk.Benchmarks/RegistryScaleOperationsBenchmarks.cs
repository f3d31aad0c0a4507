using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The per-call targets of issue 18, item 3, on a registry (filesystem or PostgreSQL: <see cref="Store"/>) already open over a
/// seeded journal of <see cref="Models"/>
/// models of <see cref="VersionsPerModel"/> versions: resolve (under 1 µs, 0 B), a page of 100 versions (under 10 ms), register one
/// version (cost independent of registry size: within ±20% between 1 x 1,000 and 1,000 x 1,000), and <c>VerifyAuditLogAsync</c>
/// of one model of 1,000 versions (under 50 ms). The baseline of each method is the same method at 1 model, the registry of 1,000
/// versions; the journal is written once per process by <see cref="ScaleJournal"/>, or seeded once and kept by
/// <see cref="PostgreSqlScaleJournal"/>.
/// </summary>
/// <remarks>
/// Run it in process, so every case shares one journal, with a short job given on the command line (a job set on the class would
/// also run out of process): <c>--filter '*RegistryScaleOperations*' --inProcess --launchCount 1 --warmupCount 3 --iterationCount 10</c>. Registrations go to their own model and artifacts to memory, so that
/// the register row measures the registry and the journal, not the disk's copy of a blob.
/// </remarks>
[MemoryDiagnoser]
public class RegistryScaleOperationsBenchmarks
{
    private const string RegisteredModel = "registered-model";
    private ServiceProvider? _provider;
    private IModelRegistry? _registry;
    private string _model = string.Empty;
    private int _afterVersion;

    /// <summary>The metadata store: the filesystem, or PostgreSQL (a seeded schema, see <see cref="PostgreSqlScaleJournal"/>).</summary>
    [ParamsAllValues]
    public ScaleStore Store { get; set; }

    /// <summary>How many models the registry holds: 1 is the baseline size (1,000 versions), 1,000 the target (1,000,000).</summary>
    [Params(1, 1_000)]
    public int Models { get; set; }

    /// <summary>How many versions each model has.</summary>
    [Params(1_000)]
    public int VersionsPerModel { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        var open = await ScaleStores.SeededAsync(Store, Models, VersionsPerModel);
        var services = new ServiceCollection();
        services.AddModelOps()
            .UseMetadataStore(_ => open())
            .UseArtifactStore(_ => new InMemoryArtifactStore());
        _provider = services.BuildServiceProvider();
        _registry = _provider.GetRequiredService<IModelRegistry>();
        _model = ScaleJournal.ModelName(Models / 2);
        _afterVersion = VersionsPerModel / 2;

        // Fold the model, and let the first registration wait for the store's background check of its journal index, off the
        // measurement.
        if ((await _registry.ResolveAliasAsync(_model, "champion")).Version != VersionsPerModel)
        {
            throw new InvalidOperationException("The seeded champion is not the newest version.");
        }

        await Register();
        if (!(await VerifyAuditLog()).IsValid)
        {
            throw new InvalidOperationException($"The audit chain of '{_model}' does not verify.");
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [Benchmark(Description = "resolve")]
    public ModelAlias Resolve()
    {
        var pending = _registry!.ResolveAliasAsync(_model, "champion");

        // The replica answers synchronously; a ValueTask that is not complete yet must be awaited once, through a Task.
        return pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "page of 100 versions")]
    public ValueTask<ModelVersionPage> ListPage() => _registry!.ListVersionsAsync(_model, _afterVersion, pageSize: 100);

    [Benchmark(Description = "register one version")]
    public Task<ModelVersion> Register() =>
        _registry!.RegisterAsync(new ModelVersionRegistration { ModelName = RegisteredModel, Flavor = "onnx", Artifact = new MemoryStream([1, 2, 3, 4]) });

    [Benchmark(Description = "VerifyAuditLogAsync of 1,000 versions")]
    public Task<AuditVerificationResult> VerifyAuditLog() => _registry!.VerifyAuditLogAsync(_model);
}
