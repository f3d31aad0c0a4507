using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.Routing.PredictionLog;

/// <summary>
/// Applies <see cref="JsonLinesPredictionLogOptions.RedactedFields"/> to a serialized input, in place, before it is written.
/// </summary>
internal sealed class PredictionFieldRedactor
{
    private readonly (string[] Path, FieldRedaction Redaction)[] _fields;
    private readonly byte[]? _key;

    public PredictionFieldRedactor(JsonLinesPredictionLogOptions options)
    {
        _fields = [.. options.RedactedFields.Select(static f => (f.Key.Split('.'), f.Value))];
        _key = JsonLinesPredictionLogOptionsValidator.DecodeKey(options.HashKey);
    }

    /// <summary>Redacts the input in place.</summary>
    /// <returns>The configured paths that matched a field of this input, or <see langword="null"/> when none did.</returns>
    public List<string>? Redact(JsonObject input)
    {
        List<string>? applied = null;
        foreach (var (path, redaction) in _fields)
        {
            if (Apply(input, path, 0, redaction))
            {
                (applied ??= []).Add(string.Join('.', path));
            }
        }

        return applied;
    }

    /// <summary>
    /// Removes from an explanation what it reveals of the redacted fields: a contribution whose feature is a redacted field, or a
    /// slot of one (<c>segment.retail</c> of <c>segment</c>, names ignoring case), is left out, since its value is the field's and
    /// its size is a function of it (w × (x − b) for a linear model); a reason code it gave keeps its code and text, the reason a
    /// notice states, with contribution 0. Fired rules and the outputs are kept as they are.
    /// </summary>
    /// <returns>The explanation to write (the same instance when nothing is redacted).</returns>
    public DecisionExplanation Redact(DecisionExplanation explanation)
    {
        if (_fields.Length == 0
            || (!explanation.Contributions.Any(c => IsRedacted(c.Feature)) && !explanation.ReasonCodes.Any(r => r.Feature is { } f && IsRedacted(f))))
        {
            return explanation;
        }

        return explanation with
        {
            Contributions = [.. explanation.Contributions.Where(c => !IsRedacted(c.Feature))],
            ReasonCodes = [.. explanation.ReasonCodes.Select(r => r.Feature is { } f && IsRedacted(f) ? r with { Contribution = 0 } : r)],
        };
    }

    private bool IsRedacted(string feature)
    {
        foreach (var (path, _) in _fields)
        {
            var name = string.Join('.', path);
            if (feature.Equals(name, StringComparison.OrdinalIgnoreCase)
                || (feature.Length > name.Length && feature[name.Length] == '.' && feature.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>HMAC-SHA256 (RFC 2104) of the value's bytes as documented on <see cref="FieldRedaction.Hash"/>, as lowercase hex.</summary>
    internal string Hash(JsonNode value)
    {
        var bytes = value.GetValueKind() == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(value.GetValue<string>())
            : Encoding.UTF8.GetBytes(value.ToJsonString());
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key!, bytes, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Redacts every property matching the path (names matched ignoring case, since serialized names may be camelCase or
    /// PascalCase), descending through nested objects and through arrays of objects.
    /// </summary>
    private bool Apply(JsonObject node, string[] path, int index, FieldRedaction redaction)
    {
        var matched = false;
        var names = node.Where(p => string.Equals(p.Key, path[index], StringComparison.OrdinalIgnoreCase)).Select(static p => p.Key).ToList();
        foreach (var name in names)
        {
            var value = node[name];
            if (index < path.Length - 1)
            {
                if (value is JsonObject child)
                {
                    matched |= Apply(child, path, index + 1, redaction);
                }
                else if (value is JsonArray array)
                {
                    foreach (var element in array.OfType<JsonObject>())
                    {
                        matched |= Apply(element, path, index + 1, redaction);
                    }
                }
            }
            else if (redaction == FieldRedaction.Remove)
            {
                node.Remove(name);
                matched = true;
            }
            else if (value is not null)
            {
                // A null stays null: its value is still known, so it does not count as redacted.
                node[name] = Hash(value);
                matched = true;
            }
        }

        return matched;
    }
}
