using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Optimization.Tests;

/// <summary>Registers optimization artifacts in a real (in-memory) registry and loads them through the flavor, as a host does.</summary>
internal sealed class OptimizationModels : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<ILoadedModel> _loaded = [];

    public OptimizationModels(Action<OptimizationFlavorOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddOptimization(configure);
        _provider = services.BuildServiceProvider();
        Registry = _provider.GetRequiredService<IModelRegistry>();
        Scorers = _provider.GetRequiredService<IModelScorerFactory>();
    }

    public IModelRegistry Registry { get; }

    public IModelScorerFactory Scorers { get; }

    public static string Example(string fileName) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", fileName));

    public async Task<ModelVersion> RegisterAsync(string modelName, string document, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        var extras = (extraFiles ?? new Dictionary<string, string>())
            .ToDictionary(e => e.Key, e => (Stream)new MemoryStream(Encoding.UTF8.GetBytes(e.Value)));
        using var upload = new MemoryStream(Encoding.UTF8.GetBytes(document));
        return await Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = modelName,
            Flavor = OptimizationFlavor.FlavorName,
            Artifact = upload,
            ExtraFiles = extras,
        });
    }

    public async Task<IModelPredictor<TInput, TOutput>> PredictorAsync<TInput, TOutput>(string modelName, string document, IReadOnlyDictionary<string, string>? extraFiles = null)
        where TInput : class
        where TOutput : class
    {
        var version = await RegisterAsync(modelName, document, extraFiles);
        var loaded = await Scorers.LoadAsync(modelName, version.Version);
        _loaded.Add(loaded);
        return loaded.CreatePredictor<TInput, TOutput>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var loaded in _loaded)
        {
            await loaded.DisposeAsync();
        }

        await _provider.DisposeAsync();
    }
}
