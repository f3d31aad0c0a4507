using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Flavors;

/// <summary>The registered flavors by name; when two are registered under one name, the last registration wins.</summary>
internal sealed class FlavorCatalog
{
    private readonly Dictionary<string, IModelFlavor> _flavors = new(StringComparer.Ordinal);

    public FlavorCatalog(IEnumerable<IModelFlavor> flavors)
    {
        foreach (var flavor in flavors)
        {
            _flavors[flavor.Name] = flavor;
        }
    }

    public IEnumerable<string> Names => _flavors.Keys;

    public IModelFlavor? Find(string name) => _flavors.GetValueOrDefault(name);
}
