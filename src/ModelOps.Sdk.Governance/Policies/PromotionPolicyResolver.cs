using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// Finds the policy that applies to a model, reading the registry each time so a stored change takes effect on every instance that
/// shares the registry. Parsed and validated documents are cached by their SHA-256 (content-addressed, so never stale); the
/// policy is built fresh for each caller, since <see cref="PromotionPolicy"/> is mutable.
/// </summary>
internal sealed class PromotionPolicyResolver
{
    /// <summary>The name of the stored policy document (one per model, and one at registry level for the default).</summary>
    public const string DocumentName = StoredAliasPolicy.DocumentName;

    private const int MaxCachedPolicies = 256;
    private readonly GovernanceOptions _options;
    private readonly PromotionGateCatalog _catalog;
    private readonly ConcurrentDictionary<string, PromotionPolicyDocument> _parsed = new(StringComparer.Ordinal);

    public PromotionPolicyResolver(IOptions<GovernanceOptions> options, PromotionGateCatalog catalog)
    {
        _options = options.Value;
        _catalog = catalog;
    }

    public PromotionGateCatalog Catalog => _catalog;

    public async Task<EffectivePromotionPolicy> ResolveAsync(IModelRegistry registry, string? modelName, CancellationToken cancellationToken)
    {
        if (modelName is not null)
        {
            if (await LatestAsync(registry, modelName, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                var (document, policy) = await LoadAsync(registry, stored, cancellationToken).ConfigureAwait(false);
                return new EffectivePromotionPolicy(modelName, PromotionPolicySource.StoredModelPolicy, policy, document, stored);
            }

            if (_options.Policies.TryGetValue(modelName, out var configured))
            {
                return new EffectivePromotionPolicy(modelName, PromotionPolicySource.ConfiguredModelPolicy, configured, null, null);
            }
        }

        if (await LatestAsync(registry, null, cancellationToken).ConfigureAwait(false) is { } storedDefault)
        {
            var (document, policy) = await LoadAsync(registry, storedDefault, cancellationToken).ConfigureAwait(false);
            return new EffectivePromotionPolicy(modelName, PromotionPolicySource.StoredDefaultPolicy, policy, document, storedDefault);
        }

        return new EffectivePromotionPolicy(modelName, PromotionPolicySource.ConfiguredDefaultPolicy, _options.DefaultPolicy, null, null);
    }

    /// <summary>
    /// The alias rules in effect for a model: the protected aliases of its latest stored policy, of the latest registry-wide stored
    /// policy and of the configuration together (configuration can only add), and the champion alias the model's stored policy, else
    /// the registry-wide one, else the configuration names. A stored policy that cannot be read fails closed (the exception).
    /// </summary>
    public async Task<(IReadOnlySet<string> ProtectedAliases, string ChampionAlias)> ResolveAliasesAsync(IModelRegistry registry, string modelName, CancellationToken cancellationToken)
    {
        var protectedAliases = new HashSet<string>(_options.ProtectedAliases, StringComparer.Ordinal);
        string? champion = null;
        foreach (var scope in new[] { modelName, null })
        {
            if (await LatestAsync(registry, scope, cancellationToken).ConfigureAwait(false) is not { } stored)
            {
                continue;
            }

            var document = await ReadAsync(registry, stored, cancellationToken).ConfigureAwait(false);
            protectedAliases.UnionWith(document.ProtectedAliases);
            champion ??= document.ChampionAlias;
        }

        return (protectedAliases, champion ?? _options.ChampionAlias);
    }

    public static async Task<IReadOnlyList<ModelDocument>> RevisionsAsync(IModelRegistry registry, string? modelName, CancellationToken cancellationToken)
    {
        var documents = await registry.ListDocumentsAsync(modelName, null, DocumentKinds.PromotionPolicy, cancellationToken).ConfigureAwait(false);
        return documents.Where(d => d.Version is null && string.Equals(d.Name, DocumentName, StringComparison.Ordinal)).OrderBy(d => d.Revision).ToArray();
    }

    /// <summary>Reads a stored revision as written, without building it (history shows revisions this process may not be able to build).</summary>
    public async Task<PromotionPolicyDocument> ReadAsync(IModelRegistry registry, ModelDocument stored, CancellationToken cancellationToken) =>
        _parsed.TryGetValue(stored.Sha256, out var cached) ? cached : await ParseAsync(registry, stored, cancellationToken).ConfigureAwait(false);

    private static async Task<PromotionPolicyDocument> ParseAsync(IModelRegistry registry, ModelDocument stored, CancellationToken cancellationToken)
    {
        var content = await registry.ReadDocumentAsync(stored, cancellationToken).ConfigureAwait(false);
        try
        {
            return PromotionPolicyDocument.FromJson(content.Span);
        }
        catch (InvalidPromotionPolicyException ex)
        {
            throw new InvalidPromotionPolicyException(stored.ModelName, ex.Errors, Describe(stored));
        }
    }

    private static string Describe(ModelDocument stored) =>
        $"The stored promotion policy revision {stored.Revision} " + (stored.ModelName is null ? "of the registry (default)" : $"of model '{stored.ModelName}'");

    private static async Task<ModelDocument?> LatestAsync(IModelRegistry registry, string? modelName, CancellationToken cancellationToken)
    {
        var revisions = await RevisionsAsync(registry, modelName, cancellationToken).ConfigureAwait(false);
        return revisions.Count == 0 ? null : revisions[^1];
    }

    private async Task<(PromotionPolicyDocument Document, PromotionPolicy Policy)> LoadAsync(IModelRegistry registry, ModelDocument stored, CancellationToken cancellationToken)
    {
        // The cache holds only documents that passed validation here.
        if (_parsed.TryGetValue(stored.Sha256, out var document))
        {
            return (document, _catalog.CreatePolicy(document, stored.ModelName));
        }

        document = await ParseAsync(registry, stored, cancellationToken).ConfigureAwait(false);

        // Fails closed: a stored policy this process cannot build (say, a custom gate type it does not register) is never
        // evaluated as if it had fewer gates.
        var errors = _catalog.Validate(document);
        if (errors.Count > 0)
        {
            throw new InvalidPromotionPolicyException(stored.ModelName, errors, Describe(stored));
        }

        var policy = _catalog.CreatePolicy(document, stored.ModelName);
        if (_parsed.Count >= MaxCachedPolicies)
        {
            _parsed.Clear();
        }

        _parsed[stored.Sha256] = document;
        return (document, policy);
    }
}
