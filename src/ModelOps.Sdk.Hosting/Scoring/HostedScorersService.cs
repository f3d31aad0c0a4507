using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ModelOps.Sdk.Hosting.Scoring;

/// <summary>
/// Starts the scorers registered with <c>AddScorer</c> when the host starts (waiting for each one's first load attempt), and
/// disposes them once every hosted service has stopped: after a web server has drained its requests, so no call is cut short.
/// </summary>
/// <remarks>The scorers are resolved when the host starts (see <see cref="Loops.ModelOpsLoopsService"/> for why).</remarks>
internal sealed class HostedScorersService(IServiceProvider services) : IHostedLifecycleService
{
    private IHostedScorer[] _scorers = [];

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _scorers = [.. services.GetServices<IHostedScorer>()];
        return Task.WhenAll(_scorers.Select(s => s.StartAsync(cancellationToken)));
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        foreach (var scorer in _scorers)
        {
            await scorer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
