namespace ModelOps.Sdk.Hosting.Scoring;

/// <summary>A scorer registered with <c>AddScorer</c>, as <see cref="HostedScorersService"/> starts and stops it.</summary>
internal interface IHostedScorer : IAsyncDisposable
{
    /// <summary>Gets the scorer's name, <c>model@alias</c>.</summary>
    string Name { get; }

    /// <summary>Starts loading (once) and completes after the first attempt, whether or not it served a version.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
