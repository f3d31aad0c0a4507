namespace ModelOps.Sdk.Scoring;

/// <summary>
/// What <see cref="ModelScorersHealthCheck"/> expects to be serving: scorers that must serve a version for the service to be healthy.
/// </summary>
/// <remarks>
/// <c>AddScorer</c> of ModelOps.Sdk.Hosting adds each scorer it registers, so the service reports unhealthy from start until that
/// scorer's first version serves. Add names yourself (<c>services.Configure&lt;ModelScorersHealthCheckOptions&gt;(o =&gt;
/// o.RequiredScorers.Add("credit@champion"))</c>) for scorers you create with <see cref="IModelScorerFactory"/>.
/// </remarks>
public sealed class ModelScorersHealthCheckOptions
{
    /// <summary>
    /// Gets the scorers that must serve a version, named <c>model@alias</c> (or <c>model@vN</c> for a pinned version), as the health
    /// check's data names them. While one of them serves nothing, the check is unhealthy.
    /// </summary>
    /// <value>The default is empty: a container without scorers is healthy.</value>
    public ISet<string> RequiredScorers { get; } = new HashSet<string>(StringComparer.Ordinal);
}
