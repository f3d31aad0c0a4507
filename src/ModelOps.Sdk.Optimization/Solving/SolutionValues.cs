using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ModelOps.Sdk.Optimization.Solving;

/// <summary>
/// The solution values of one solve, by variable name: one array per solve over a name index shared by every solve of the model,
/// so a result costs one array instead of a dictionary.
/// </summary>
internal sealed class SolutionValues(FrozenDictionary<string, int> index, string[] names, double[] values) : IReadOnlyDictionary<string, double>
{
    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The model has no variable named '{key}'.");

    public IEnumerable<string> Keys => values.Length == 0 ? [] : names;

    public IEnumerable<double> Values => values;

    public int Count => values.Length;

    public bool ContainsKey(string key) => values.Length > 0 && index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        if (values.Length > 0 && index.TryGetValue(key, out var i))
        {
            value = values[i];
            return true;
        }

        value = 0;
        return false;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++)
        {
            yield return new KeyValuePair<string, double>(names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
