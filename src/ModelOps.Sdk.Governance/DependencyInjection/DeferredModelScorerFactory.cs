using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Governance;

/// <summary>
/// The loader the <c>artifact-loads</c> and <c>input-example-scores</c> gate types hand to their gates: it resolves the real
/// <see cref="IModelScorerFactory"/> on first use, not when the gate is built. A policy built while the registry itself is being
/// constructed (the tool's <c>Governance</c> configuration is applied to <see cref="Policies.GovernanceOptions"/>, which the
/// registry's guard needs) would otherwise resolve the registry from inside its own construction, and every command hung.
/// </summary>
internal sealed class DeferredModelScorerFactory(IServiceProvider services) : IModelScorerFactory
{
    private readonly Lazy<IModelScorerFactory> _factory = new(services.GetRequiredService<IModelScorerFactory>);

    public Task<IModelScorer<TInput, TOutput>> CreateScorerAsync<TInput, TOutput>(string modelName, string aliasName, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class =>
        _factory.Value.CreateScorerAsync<TInput, TOutput>(modelName, aliasName, cancellationToken);

    public Task<IModelScorer<TInput, TOutput>> CreatePinnedScorerAsync<TInput, TOutput>(string modelName, int version, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class =>
        _factory.Value.CreatePinnedScorerAsync<TInput, TOutput>(modelName, version, cancellationToken);

    public Task<ILoadedModel> LoadAsync(string modelName, int version, CancellationToken cancellationToken = default) =>
        _factory.Value.LoadAsync(modelName, version, cancellationToken);
}
