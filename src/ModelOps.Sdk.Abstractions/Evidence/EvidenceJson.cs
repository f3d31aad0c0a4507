using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Evidence;

/// <summary>
/// The stored form of the evidence records that one package writes and another reads: producers write with it and governance
/// reads with it, so neither parses the other's JSON by property name. The formats are versioned: a reader refuses a document
/// whose <c>schemaVersion</c> is newer than the one it knows, and reads older ones.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="OnnxParityReport"/> is stored as written by <see cref="WriteOnnxParityReport"/> (camelCase, non-finite numbers
/// as <c>"NaN"</c> or <c>"Infinity"</c>).</item>
/// <item>A <see cref="DocumentKinds.MonitoringReport"/> document holds a full monitoring report (schema version
/// <see cref="MonitoringReportSchemaVersion"/>); <see cref="ReadMonitoringSummary"/> reads the <see cref="MonitoringSummary"/> part of it.</item>
/// <item>A <see cref="DocumentKinds.ReferenceProfile"/> document holds a full data profile (schema version
/// <see cref="ReferenceProfileSchemaVersion"/>); <see cref="ReadReferenceProfileSummary"/> reads the <see cref="ReferenceProfileSummary"/> part of it.</item>
/// </list>
/// </remarks>
public static class EvidenceJson
{
    /// <summary>The schema version of the monitoring reports this library writes and the newest it reads.</summary>
    public const int MonitoringReportSchemaVersion = 1;

    /// <summary>The schema version of the reference profiles this library writes and the newest it reads.</summary>
    public const int ReferenceProfileSchemaVersion = 1;

    /// <summary>Gets the JSON options evidence records are written and read with: camelCase names, enums as camelCase strings,
    /// non-finite numbers as named literals, unknown properties skipped. Read-only.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a parity report as UTF-8 JSON, the content of a <see cref="DocumentKinds.OnnxParity"/> document.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] WriteOnnxParityReport(OnnxParityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.SerializeToUtf8Bytes(report, EvidenceJsonContext.Default.OnnxParityReport);
    }

    /// <summary>Reads the content of a <see cref="DocumentKinds.OnnxParity"/> document.</summary>
    /// <param name="utf8Json">The document's bytes.</param>
    /// <returns>The report.</returns>
    /// <exception cref="StorageFormatException">The content is not a parity report.</exception>
    public static OnnxParityReport ReadOnnxParityReport(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, EvidenceJsonContext.Default.OnnxParityReport)
                ?? throw new StorageFormatException(DocumentKinds.OnnxParity, "The parity report is null.");
        }
        catch (JsonException ex)
        {
            throw new StorageFormatException(DocumentKinds.OnnxParity, $"The document is not a parity report: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the <see cref="MonitoringSummary"/> of the content of a <see cref="DocumentKinds.MonitoringReport"/> document.</summary>
    /// <param name="utf8Json">The document's bytes (a monitoring report's JSON).</param>
    /// <returns>The summary.</returns>
    /// <exception cref="StorageFormatException">The content is not a monitoring report, or its schema version is missing or newer
    /// than <see cref="MonitoringReportSchemaVersion"/>.</exception>
    public static MonitoringSummary ReadMonitoringSummary(ReadOnlySpan<byte> utf8Json)
    {
        const string Kind = DocumentKinds.MonitoringReport;
        using var document = Parse(utf8Json, Kind);
        var root = document.RootElement;
        var schemaVersion = SchemaVersion(root, Kind, MonitoringReportSchemaVersion);
        var drift = Property(root, "datasetDrift", JsonValueKind.Object);
        var quality = Property(root, "dataQuality", JsonValueKind.Object);
        var predictions = Property(root, "predictions", JsonValueKind.Array);
        var fairness = new List<FairnessSummary>();
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Items(Property(root, "fairnessByAttribute", JsonValueKind.Array)))
        {
            AddFairness(item, fairness, attributes);
        }

        if (Property(root, "fairness", JsonValueKind.Object) is { } single)
        {
            AddFairness(single, fairness, attributes);
        }

        return new MonitoringSummary
        {
            SchemaVersion = schemaVersion,
            ModelName = Text(root, "modelName"),
            ModelVersion = Property(root, "modelVersion", JsonValueKind.Number) is { } v && v.TryGetInt32(out var version) ? version : null,
            WindowStartedAt = Time(root, "windowStartedAt"),
            WindowEndedAt = Time(root, "windowEndedAt"),
            ReferenceRows = Property(root, "referenceRows", JsonValueKind.Number)?.GetInt64() ?? 0,
            CurrentRows = Property(root, "currentRows", JsonValueKind.Number)?.GetInt64() ?? 0,
            DriftedShare = drift is { } d ? Number(d, "driftedShare") : null,
            DatasetDrifted = drift is { } dd && Flag(dd, "drifted"),
            DriftedFeatures = Items(drift is { } df ? Property(df, "driftedFeatures", JsonValueKind.Array) : null).Select(static f => f.GetString() ?? string.Empty).ToArray(),
            PredictionDrifted = Flag(root, "predictionDrifted")
                || Items(predictions).Any(static p => Flag(p, "drifted") || (Property(p, "result", JsonValueKind.Object) is { } r && Flag(r, "drifted"))),
            BadRowShare = quality is { } q ? Number(q, "badRowShare") : null,
            DataQualityAlert = quality is { } qa && Flag(qa, "alert"),
            SignatureIssues = Items(quality is { } qs ? Property(qs, "signatureIssues", JsonValueKind.Array) : null)
                .Select(static i => $"{Text(i, "field")}: {Text(i, "problem")}").ToArray(),
            Fairness = fairness,
            ConceptDrifted = Items(Property(root, "conceptDrift", JsonValueKind.Array))
                .Any(static c => string.Equals(Text(c, "state"), "drift", StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>Reads the <see cref="ReferenceProfileSummary"/> of the content of a <see cref="DocumentKinds.ReferenceProfile"/> document.</summary>
    /// <param name="utf8Json">The document's bytes (a data profile's JSON).</param>
    /// <returns>The summary.</returns>
    /// <exception cref="StorageFormatException">The content is not a data profile, or its schema version is missing or newer than
    /// <see cref="ReferenceProfileSchemaVersion"/>.</exception>
    public static ReferenceProfileSummary ReadReferenceProfileSummary(ReadOnlySpan<byte> utf8Json)
    {
        const string Kind = DocumentKinds.ReferenceProfile;
        using var document = Parse(utf8Json, Kind);
        var root = document.RootElement;
        var schemaVersion = SchemaVersion(root, Kind, ReferenceProfileSchemaVersion);
        var features = Property(root, "features", JsonValueKind.Array)
            ?? throw new StorageFormatException(Kind, "The document is not a data profile: it has no 'features' array.");
        return new ReferenceProfileSummary(
            schemaVersion,
            Property(root, "rowCount", JsonValueKind.Number)?.GetInt64() ?? 0,
            Property(root, "badRowCount", JsonValueKind.Number)?.GetInt64() ?? 0,
            Items(features).Select(static f => Text(f, "name") ?? string.Empty).ToArray(),
            Items(Property(root, "predictions", JsonValueKind.Array)).Select(static f => Text(f, "name") ?? string.Empty).ToArray())
        {
            Baselines = Items(features).Select(Baseline).ToArray(),
        };
    }

    /// <summary>
    /// A feature's typical value: for a numeric feature the median of grouped data, interpolated linearly within the bin that holds
    /// the middle value, <c>L + w (n/2 - F) / f</c> (L the bin's lower edge, w its width, F the count below it, f its count); the
    /// profile's edges are reference quantiles, so the middle edge of an even binning is the median itself. For a categorical or
    /// Boolean feature, the category with the largest count (the first on a tie, as the profile orders them most frequent first).
    /// </summary>
    private static FeatureBaseline Baseline(JsonElement feature)
    {
        var name = Text(feature, "name") ?? string.Empty;
        var counts = Items(Property(feature, "counts", JsonValueKind.Array)).Select(static c => c.TryGetInt64(out var n) ? n : 0).ToArray();
        if (!string.Equals(Text(feature, "kind"), "numeric", StringComparison.OrdinalIgnoreCase))
        {
            var categories = Items(Property(feature, "categories", JsonValueKind.Array)).Select(static c => c.GetString()).ToArray();
            var best = -1;
            for (var i = 0; i < Math.Min(counts.Length, categories.Length); i++)
            {
                if (counts[i] > 0 && (best < 0 || counts[i] > counts[best]))
                {
                    best = i;
                }
            }

            return new FeatureBaseline(name, null, best < 0 ? null : categories[best]);
        }

        var edges = Items(Property(feature, "edges", JsonValueKind.Array)).Select(static e => e.ValueKind == JsonValueKind.Number
            ? e.GetDouble()
            : double.Parse(e.GetString() ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        var total = counts.Sum();
        if (total <= 0 || edges.Length != counts.Length + 1)
        {
            return new FeatureBaseline(name, null, null);
        }

        var half = total / 2.0;
        long below = 0;
        for (var j = 0; j < counts.Length; j++)
        {
            if (counts[j] > 0 && below + counts[j] >= half)
            {
                var (lo, hi) = (edges[j], edges[j + 1]);
                var median = hi == Math.BitIncrement(lo) ? lo : lo + ((hi - lo) * (half - below) / counts[j]);
                return new FeatureBaseline(name, median, null);
            }

            below += counts[j];
        }

        return new FeatureBaseline(name, null, null);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(EvidenceJsonContext.Default.Options);
        // The source-generated context is the resolver: no reflection-based resolver is added (trimming and AOT safe).
        options.MakeReadOnly();
        return options;
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> utf8Json, string kind)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new StorageFormatException(kind, "The document is not a JSON object.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new StorageFormatException(kind, $"The document is not JSON: {ex.Message}", ex);
        }
    }

    private static int SchemaVersion(JsonElement root, string kind, int newest)
    {
        if (Property(root, "schemaVersion", JsonValueKind.Number) is not { } element || !element.TryGetInt32(out var version) || version < 1)
        {
            throw new StorageFormatException(kind, "The document has no positive 'schemaVersion'.");
        }

        return version <= newest
            ? version
            : throw new StorageFormatException(kind, $"The document was written with schema version {version}, newer than version {newest} that this library reads; upgrade ModelOps.Sdk.Abstractions to read it.");
    }

    private static void AddFairness(JsonElement item, List<FairnessSummary> fairness, HashSet<string> attributes)
    {
        var attribute = Text(item, "attribute") ?? "(unnamed)";
        if (!attributes.Add(attribute))
        {
            return;
        }

        string? reason = null;
        double? Measure(string name)
        {
            if (Property(item, name, JsonValueKind.Object) is not { } measure)
            {
                return null;
            }

            var value = Number(measure, "value");
            reason ??= value is null ? Text(measure, "reason") : null;
            return value;
        }

        var ratio = Measure("demographicParityRatio");
        var difference = Measure("demographicParityDifference");
        var odds = Measure("equalizedOddsDifference");
        fairness.Add(new FairnessSummary(attribute, ratio, difference, odds, reason));
    }

    private static JsonElement? Property(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind ? value : null;

    private static JsonElement[] Items(JsonElement? array) =>
        array is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray()] : [];

    private static string? Text(JsonElement element, string name) => Property(element, name, JsonValueKind.String)?.GetString();

    private static bool Flag(JsonElement element, string name) => Property(element, name, JsonValueKind.True) is not null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Property(element, name, JsonValueKind.String) is { } value && value.TryGetDateTimeOffset(out var time) ? time : null;

    /// <summary>Reads a number, written either as a JSON number or, for non-finite values, as a named literal string.</summary>
    private static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var named) => named,
            _ => null,
        };
    }
}
