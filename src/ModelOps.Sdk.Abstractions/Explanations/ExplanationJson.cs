using System.Text.Json;

namespace ModelOps.Sdk.Explanations;

/// <summary>
/// The stored form of explanations and reason-code tables: camelCase names, enums as strings, non-finite numbers as named literals,
/// null members left out, unknown properties skipped. Written through a source-generated context (trimming and AOT safe), so the
/// prediction log, decision replay and the tool read an explanation as the type it is, never by property name. A reader refuses a
/// <c>schemaVersion</c> newer than the one it knows.
/// </summary>
public static class ExplanationJson
{
    /// <summary>Serializes an explanation as UTF-8 JSON.</summary>
    /// <param name="explanation">The explanation.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] WriteDecisionExplanation(DecisionExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return JsonSerializer.SerializeToUtf8Bytes(explanation, ExplanationJsonContext.Default.DecisionExplanation);
    }

    /// <summary>Reads an explanation written by <see cref="WriteDecisionExplanation"/>.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="StorageFormatException">The content is not an explanation, or its schema version is newer than
    /// <see cref="DecisionExplanation.CurrentSchemaVersion"/>.</exception>
    public static DecisionExplanation ReadDecisionExplanation(ReadOnlySpan<byte> utf8Json)
    {
        const string What = "decision-explanation";
        DecisionExplanation? explanation;
        try
        {
            explanation = JsonSerializer.Deserialize(utf8Json, ExplanationJsonContext.Default.DecisionExplanation);
        }
        catch (JsonException ex)
        {
            throw new StorageFormatException(What, $"The content is not a decision explanation: {ex.Message}", ex);
        }

        // Lists left out of a hand-written explanation read as empty, as their defaults say (the reader sets absent members to null).
        explanation = explanation is null ? null : explanation with
        {
            Contributions = explanation.Contributions ?? [],
            FiredRules = explanation.FiredRules ?? [],
            ReasonCodes = explanation.ReasonCodes ?? [],
        };
        return explanation switch
        {
            null => throw new StorageFormatException(What, "The decision explanation is null."),
            { SchemaVersion: > DecisionExplanation.CurrentSchemaVersion } e => throw new StorageFormatException(What,
                $"The explanation was written with schema version {e.SchemaVersion}, newer than version {DecisionExplanation.CurrentSchemaVersion} that this library reads; upgrade ModelOps.Sdk.Abstractions to read it."),
            _ => explanation,
        };
    }

    /// <summary>Checks a reason-code table and serializes it as UTF-8 JSON, the content of a <see cref="DocumentKinds.ReasonCodes"/> document.</summary>
    /// <param name="table">The table.</param>
    /// <param name="modelName">The model the table is for, for the message, if known.</param>
    /// <param name="version">The version the table is for, for the message, if known.</param>
    /// <returns>The JSON bytes.</returns>
    /// <exception cref="InvalidReasonCodeTableException">The table is invalid; the exception names the entry and field.</exception>
    public static byte[] WriteReasonCodeTable(ReasonCodeTable table, string? modelName = null, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        Validate(table, modelName, version);
        return JsonSerializer.SerializeToUtf8Bytes(table, ExplanationJsonContext.Default.ReasonCodeTable);
    }

    /// <summary>Reads and checks the content of a <see cref="DocumentKinds.ReasonCodes"/> document.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <param name="modelName">The model the table is for, for the message, if known.</param>
    /// <param name="version">The version the table is for, for the message, if known.</param>
    /// <returns>The table.</returns>
    /// <exception cref="InvalidReasonCodeTableException">The content is not a table, its schema version is newer than
    /// <see cref="ReasonCodeTable.CurrentSchemaVersion"/>, or an entry is invalid; the exception names the entry and field.</exception>
    public static ReasonCodeTable ReadReasonCodeTable(ReadOnlySpan<byte> utf8Json, string? modelName = null, int? version = null)
    {
        ReasonCodeTable? table;
        try
        {
            table = JsonSerializer.Deserialize(utf8Json, ExplanationJsonContext.Default.StoredReasonCodeTable)?.ToTable();
        }
        catch (JsonException ex)
        {
            throw new InvalidReasonCodeTableException(modelName, version, null, ex.Path ?? "$", $"the content is not a reason-code table: {ex.Message}");
        }

        if (table is null)
        {
            throw new InvalidReasonCodeTableException(modelName, version, null, "$", "the table is null");
        }

        Validate(table, modelName, version);
        return table;
    }

    /// <summary>Checks every rule of a table, naming the first entry and field that breaks one.</summary>
    private static void Validate(ReasonCodeTable table, string? model, int? version)
    {
        if (table.SchemaVersion is < 1 or > ReasonCodeTable.CurrentSchemaVersion)
        {
            throw new InvalidReasonCodeTableException(model, version, null, nameof(ReasonCodeTable.SchemaVersion),
                $"schema version {table.SchemaVersion} is not one this library reads (1 to {ReasonCodeTable.CurrentSchemaVersion}); upgrade ModelOps.Sdk.Abstractions to read a newer one");
        }

        if (table.MaxReasons < 1)
        {
            throw new InvalidReasonCodeTableException(model, version, null, nameof(ReasonCodeTable.MaxReasons), $"it is {table.MaxReasons}; give at least 1");
        }

        if (table.Output is { } output && string.IsNullOrWhiteSpace(output))
        {
            throw new InvalidReasonCodeTableException(model, version, null, nameof(ReasonCodeTable.Output), "it is blank; name an output, or leave it out for the first numeric output");
        }

        if (table.Entries is null || table.Entries.Count == 0)
        {
            throw new InvalidReasonCodeTableException(model, version, null, nameof(ReasonCodeTable.Entries), "the table has no entries");
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<(string, ContributionDirection?, string?)>();
        for (var i = 0; i < table.Entries.Count; i++)
        {
            var entry = table.Entries[i] ?? throw new InvalidReasonCodeTableException(model, version, i, "$", "the entry is null");
            InvalidReasonCodeTableException Bad(string field, string problem) => new(model, version, i, field, problem);
            if (string.IsNullOrWhiteSpace(entry.Code))
            {
                throw Bad(nameof(ReasonCodeEntry.Code), "the code is missing or blank");
            }

            if (string.IsNullOrWhiteSpace(entry.Text))
            {
                throw Bad(nameof(ReasonCodeEntry.Text), $"code '{entry.Code}' has no text");
            }

            if (!codes.Add(entry.Code))
            {
                throw Bad(nameof(ReasonCodeEntry.Code), $"code '{entry.Code}' is already used by an earlier entry");
            }

            var hasFeature = !string.IsNullOrWhiteSpace(entry.Feature);
            var hasRule = !string.IsNullOrWhiteSpace(entry.RuleId);
            if (hasFeature == hasRule)
            {
                throw Bad(hasFeature ? nameof(ReasonCodeEntry.RuleId) : nameof(ReasonCodeEntry.Feature),
                    $"code '{entry.Code}' must name either a feature (with a direction) or a rule id, not {(hasFeature ? "both" : "neither")}");
            }

            if (hasFeature && entry.Direction is null)
            {
                throw Bad(nameof(ReasonCodeEntry.Direction), $"code '{entry.Code}' for feature '{entry.Feature}' has no direction; say Increases or Decreases");
            }

            if (entry.Direction is { } d && !Enum.IsDefined(d))
            {
                throw Bad(nameof(ReasonCodeEntry.Direction), $"code '{entry.Code}' has direction {(int)d}, which is neither Increases nor Decreases");
            }

            if (hasRule && entry.Direction is not null)
            {
                throw Bad(nameof(ReasonCodeEntry.Direction), $"code '{entry.Code}' for rule '{entry.RuleId}' has a direction; a fired rule has none");
            }

            var key = hasFeature ? (entry.Feature!, entry.Direction, (string?)null) : (entry.RuleId!, null, "rule");
            if (!keys.Add(key))
            {
                throw Bad(hasFeature ? nameof(ReasonCodeEntry.Feature) : nameof(ReasonCodeEntry.RuleId), hasFeature
                    ? $"feature '{entry.Feature}' with direction {entry.Direction} already has an entry"
                    : $"rule '{entry.RuleId}' already has an entry");
            }
        }
    }
}
