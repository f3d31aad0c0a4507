using Microsoft.Extensions.Options;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Loops;

/// <summary>The experiments the routing loops act on: those configured in <see cref="RoutingLoopsOptions.Experiments"/>, else every
/// experiment stored in the registry, each with its latest revision.</summary>
internal sealed class ExperimentCatalog(IModelRegistry registry, ExperimentStore store, IOptions<RoutingLoopsOptions> options)
{
    public async Task<IReadOnlyList<ExperimentDefinition>> LoadAsync(CancellationToken cancellationToken)
    {
        IEnumerable<ExperimentKey> keys;
        if (options.Value.Experiments.Count > 0)
        {
            keys = options.Value.Experiments.Select(static e => ExperimentKey.TryParse(e)!.Value).Distinct();
        }
        else
        {
            var found = new List<ExperimentKey>();
            foreach (var model in await registry.ListModelsAsync(cancellationToken).ConfigureAwait(false))
            {
                var documents = await registry.ListDocumentsAsync(model.Name, null, DocumentKinds.Experiment, cancellationToken).ConfigureAwait(false);
                found.AddRange(documents.Where(static d => d.Version is null).Select(d => new ExperimentKey(model.Name, d.Name)).Distinct()
                    .OrderBy(static k => k.Experiment, StringComparer.Ordinal));
            }

            keys = found;
        }

        var definitions = new List<ExperimentDefinition>();
        foreach (var key in keys)
        {
            if (await store.LoadAsync(key.Model, key.Experiment, cancellationToken).ConfigureAwait(false) is { } definition)
            {
                definitions.Add(definition);
            }
        }

        return definitions;
    }
}
