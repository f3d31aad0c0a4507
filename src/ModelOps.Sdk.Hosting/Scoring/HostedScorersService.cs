using Microsoft.Extensions.Hosting;

namespace ModelOps.Sdk.Hosting.Scoring;

/// <summary>
/// Starts the scorers registered with <c>AddScorer</c> when the host starts (waiting for each one's first load attempt), and
/// disposes them once every hosted service has stopped: after a web server has drained its requests, so no call is cut short.
/// </summary>
internal sealed class HostedScorersService(IEnumerable<IHostedScorer> scorers) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.WhenAll(scorers.Select(s => s.StartAsync(cancellationToken)));

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var scorer in scorers)
        {
            await scorer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
