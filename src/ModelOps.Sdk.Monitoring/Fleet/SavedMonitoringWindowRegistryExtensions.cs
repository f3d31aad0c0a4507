using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Fleet;

/// <summary>
/// Saves an instance's monitoring windows on the version they monitored, as documents of kind
/// <see cref="DocumentKinds.MonitoringWindow"/>, one document per instance (<c>&lt;name&gt;.&lt;instance id&gt;</c>) with one
/// revision per window, so that instances sharing a registry never write the same document.
/// </summary>
public static class SavedMonitoringWindowRegistryExtensions
{
    /// <summary>Gets the document name an instance's windows are saved under.</summary>
    /// <param name="name">The saved report name (<see cref="Monitors.MonitoringOptions.SavedReportName"/>).</param>
    /// <param name="instanceId">The instance id.</param>
    /// <returns><c>&lt;name&gt;.&lt;instance id&gt;</c>.</returns>
    public static string DocumentName(string name, string instanceId) => $"{name}.{instanceId}";

    /// <summary>Attaches a saved window to the version it monitored, as a new revision of the instance's document.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="window">The window.</param>
    /// <param name="name">The saved report name; the document is named <c>&lt;name&gt;.&lt;instance id&gt;</c>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document.</returns>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    /// <exception cref="InvalidModelNameException">The name and instance id do not make a valid document name.</exception>
    public static Task<ModelDocument> SaveMonitoringWindowAsync(this IModelRegistry registry, SavedMonitoringWindow window, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return VersionDocuments.SaveAsync(
            registry,
            window.ModelName,
            window.ModelVersion,
            DocumentKinds.MonitoringWindow,
            DocumentName(name, window.InstanceId),
            window.ToJson(),
            $"monitoring window {window.StartedAt:o} to {window.EndedAt:o} on instance {window.InstanceId}",
            cancellationToken);
    }
}
