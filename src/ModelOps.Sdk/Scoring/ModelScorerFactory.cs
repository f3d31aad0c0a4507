using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Naming;

namespace ModelOps.Sdk.Scoring;

/// <summary>Creates scorers over the registry with the registered flavors.</summary>
internal sealed class ModelScorerFactory : IModelScorerFactory
{
    private readonly IModelRegistry _registry;
    private readonly FlavorCatalog _flavors;
    private readonly TimeProvider _time;
    private readonly ScorerTracker _tracker;
    private readonly ILoggerFactory _loggerFactory;

    public ModelScorerFactory(IModelRegistry registry, FlavorCatalog flavors, TimeProvider time, ScorerTracker tracker, ILoggerFactory? loggerFactory = null)
    {
        _registry = registry;
        _flavors = flavors;
        _time = time;
        _tracker = tracker;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public async Task<IModelScorer<TInput, TOutput>> CreateScorerAsync<TInput, TOutput>(string modelName, string aliasName, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        return await StartAsync(new ModelScorer<TInput, TOutput>(_registry, _flavors, modelName, aliasName, null, _time, _tracker, Logger()), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IModelScorer<TInput, TOutput>> CreatePinnedScorerAsync<TInput, TOutput>(string modelName, int version, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class
    {
        NameRules.ValidateModelName(modelName);
        return await StartAsync(new ModelScorer<TInput, TOutput>(_registry, _flavors, modelName, null, version, _time, _tracker, Logger()), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ILoadedModel> LoadAsync(string modelName, int version, CancellationToken cancellationToken = default)
    {
        var record = await _registry.GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        var flavor = _flavors.Find(record.Flavor) ?? throw new FlavorNotRegisteredException(modelName, version, record.Flavor, _flavors.Names);
        var artifact = await ModelArtifactReader.ReadAsync(_registry, record, cancellationToken).ConfigureAwait(false);
        return await flavor.LoadAsync(artifact, cancellationToken).ConfigureAwait(false);
    }

    private ILogger Logger() => _loggerFactory.CreateLogger("ModelOps.Sdk.Scoring.ModelScorer");

    private static async Task<IModelScorer<TInput, TOutput>> StartAsync<TInput, TOutput>(ModelScorer<TInput, TOutput> scorer, CancellationToken cancellationToken)
        where TInput : class
        where TOutput : class
    {
        try
        {
            await scorer.StartAsync(cancellationToken).ConfigureAwait(false);
            return scorer;
        }
        catch
        {
            await scorer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
