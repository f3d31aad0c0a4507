namespace ModelOps.Sdk.Registry;

/// <summary>
/// The size limits of writes (<see cref="ModelOpsOptions"/>: <c>MaxTags</c>, <c>MaxTagValueLength</c>, <c>MaxReasonLength</c>...).
/// Every write becomes a journal line that every instance reads and folds, so free text is bounded when it is written; the fold
/// applies no limit, so entries written before, or under larger limits, still load.
/// </summary>
internal sealed partial class ModelRegistry
{
    private void CheckReason(string? modelName, string? reason)
    {
        if (reason is not null && reason.Length > _options.MaxReasonLength)
        {
            throw new InvalidRegistrationException(modelName, "reason", TooLong(reason.Length, _options.MaxReasonLength, nameof(ModelOpsOptions.MaxReasonLength)));
        }
    }

    private void CheckDescription(string? modelName, string? description)
    {
        if (description is not null && description.Length > _options.MaxDescriptionLength)
        {
            throw new InvalidRegistrationException(modelName, "Description", TooLong(description.Length, _options.MaxDescriptionLength, nameof(ModelOpsOptions.MaxDescriptionLength)));
        }
    }

    private void CheckRegistrationLimits(ModelVersionRegistration registration)
    {
        var model = registration.ModelName;
        CheckCount(model, "Tags", registration.Tags?.Count ?? 0, _options.MaxTags, nameof(ModelOpsOptions.MaxTags));
        CheckValues(model, "Tags", registration.Tags, _options.MaxTagValueLength, nameof(ModelOpsOptions.MaxTagValueLength));
        CheckCount(model, "Parameters", registration.Parameters?.Count ?? 0, _options.MaxParameters, nameof(ModelOpsOptions.MaxParameters));
        CheckValues(model, "Parameters", registration.Parameters, _options.MaxParameterValueLength, nameof(ModelOpsOptions.MaxParameterValueLength));
        CheckCount(model, "Metrics", registration.Metrics?.Count ?? 0, _options.MaxMetrics, nameof(ModelOpsOptions.MaxMetrics));
        CheckDescription(model, registration.Description);
        if (registration.InputExample is { } example && example.Length > _options.MaxInputExampleLength)
        {
            throw new InvalidRegistrationException(model, "InputExample", TooLong(example.Length, _options.MaxInputExampleLength, nameof(ModelOpsOptions.MaxInputExampleLength)));
        }

        if (registration.Lineage is { } lineage)
        {
            CheckLineage(model, "Lineage.TrainingDataFingerprint", lineage.TrainingDataFingerprint);
            CheckLineage(model, "Lineage.SourceRevision", lineage.SourceRevision);
            CheckLineage(model, "Lineage.CreatedBy", lineage.CreatedBy);
        }

        CheckReason(model, registration.Reason);
    }

    /// <summary>Checks the values a tag update sets; the resulting count is checked by <see cref="CheckTagCount"/>.</summary>
    private void CheckTagValues(string modelName, IReadOnlyDictionary<string, string?> changes)
    {
        foreach (var (key, value) in changes)
        {
            if (value is not null && value.Length > _options.MaxTagValueLength)
            {
                throw new InvalidRegistrationException(modelName, $"Tags[\"{Shorten(key)}\"]", TooLong(value.Length, _options.MaxTagValueLength, nameof(ModelOpsOptions.MaxTagValueLength)));
            }
        }
    }

    /// <summary>A tag update may not take a version above the limit; one already above it (written under a larger limit) may shrink.</summary>
    private void CheckTagCount(string modelName, int before, int after)
    {
        if (after > _options.MaxTags && after > before)
        {
            throw new InvalidRegistrationException(modelName, "Tags",
                $"the version would have {after} tags; the limit is {_options.MaxTags} (ModelOpsOptions.{nameof(ModelOpsOptions.MaxTags)})");
        }
    }

    private void CheckLineage(string model, string field, string? value)
    {
        if (value is not null && value.Length > _options.MaxLineageValueLength)
        {
            throw new InvalidRegistrationException(model, field, TooLong(value.Length, _options.MaxLineageValueLength, nameof(ModelOpsOptions.MaxLineageValueLength)));
        }
    }

    private static void CheckCount(string model, string field, int count, int limit, string option)
    {
        if (count > limit)
        {
            throw new InvalidRegistrationException(model, field, $"it has {count} entries; the limit is {limit} (ModelOpsOptions.{option})");
        }
    }

    private static void CheckValues(string model, string field, IReadOnlyDictionary<string, string>? values, int limit, string option)
    {
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            if (value is not null && value.Length > limit)
            {
                throw new InvalidRegistrationException(model, $"{field}[\"{Shorten(key)}\"]", TooLong(value.Length, limit, option));
            }
        }
    }

    private static string TooLong(int length, int limit, string option) =>
        $"it is {length} characters long; the limit is {limit} (ModelOpsOptions.{option})";

    private static string Shorten(string key) => key.Length <= 64 ? key : key[..64] + "...";
}
