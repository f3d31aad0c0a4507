namespace ModelOps.Sdk.Reporting;

/// <summary>
/// Reads what a report shows from the registry and its stored documents, and writes it as one self-contained HTML file (inline
/// CSS and SVG, no script, nothing fetched from the network). Every figure comes from the registry, a stored monitoring report,
/// gate report, approval, experiment definition or statistics document; missing data shows as "no data since ...", never as 0.
/// </summary>
/// <remarks>Registered by <c>builder.AddReporting()</c>. The content (<see cref="ReadOverviewAsync"/>, <see cref="ReadModelAsync"/>)
/// is apart from its rendering (<see cref="ReportHtmlRenderer"/>), so a host can serve the overview and each model's section as
/// pages of their own.</remarks>
public interface IModelOpsReportGenerator
{
    /// <summary>Reads the overview: one summary per model in scope.</summary>
    /// <param name="scope">The models and period.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The overview.</returns>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    /// <exception cref="ModelNotFoundException">The scope names a model that does not exist.</exception>
    Task<ReportOverview> ReadOverviewAsync(ReportScope scope, CancellationToken cancellationToken = default);

    /// <summary>Reads one model's section.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="scope">The period (its <see cref="ReportScope.ModelName"/> is ignored).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The section.</returns>
    /// <exception cref="ArgumentException">The period ends before it starts.</exception>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    Task<ModelSection> ReadModelAsync(string modelName, ReportScope scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the report (overview first, then one section per model) as UTF-8 HTML. Models are rendered one at a time, in name
    /// order, while the next ones are read (up to <see cref="ReportingOptions.MaxConcurrentModelReads"/> at once): only their
    /// summaries are kept until the end.
    /// </summary>
    /// <param name="destination">Where to write; left open.</param>
    /// <param name="scope">The models and period.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the report is written.</returns>
    /// <exception cref="ArgumentException">The period ends before it starts, or <paramref name="destination"/> is not writable.</exception>
    /// <exception cref="ModelNotFoundException">The scope names a model that does not exist.</exception>
    Task WriteHtmlAsync(Stream destination, ReportScope scope, CancellationToken cancellationToken = default);
}
