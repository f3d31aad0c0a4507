using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Primitives;

namespace ModelOps.Sdk.Watching;

/// <summary>
/// Delivers alias changes to change tokens and async streams. Publishing never blocks: each stream has its own unbounded channel,
/// so a slow reader delays only itself.
/// </summary>
internal sealed class AliasWatchHub : IDisposable
{
    private readonly ConcurrentDictionary<(string Model, string Alias), CancellationTokenSource> _tokens = new();
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private bool _disposed;

    public IChangeToken GetChangeToken(string model, string alias)
    {
        var cts = _tokens.GetOrAdd((model, alias), static _ => new CancellationTokenSource());
        return new CancellationChangeToken(cts.Token);
    }

    public async IAsyncEnumerable<AliasChange> WatchAsync(string model, string alias, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscription = new Subscription(model, alias);
        lock (_gate)
        {
            if (_disposed)
            {
                yield break;
            }

            _subscriptions.Add(subscription);
        }

        try
        {
            while (await subscription.Channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (subscription.Channel.Reader.TryRead(out var change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscriptions.Remove(subscription);
            }
        }
    }

    /// <summary>Writes changes to the matching streams, in order; call under the registry's refresh lock.</summary>
    public void PublishToStreams(IReadOnlyList<AliasChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var change in changes)
            {
                foreach (var subscription in _subscriptions)
                {
                    if (subscription.Matches(change))
                    {
                        subscription.Channel.Writer.TryWrite(change);
                    }
                }
            }
        }
    }

    /// <summary>Fires the change tokens of the changed aliases; call outside any lock (token callbacks run synchronously).</summary>
    public void FireTokens(IReadOnlyList<AliasChange> changes)
    {
        foreach (var change in changes)
        {
            if (_tokens.TryRemove((change.ModelName, change.Alias), out var cts))
            {
                cts.Cancel();
                cts.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var subscription in _subscriptions)
            {
                subscription.Channel.Writer.TryComplete();
            }

            _subscriptions.Clear();
        }
    }

    private sealed class Subscription(string model, string alias)
    {
        public Channel<AliasChange> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<AliasChange>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        public bool Matches(AliasChange change) =>
            string.Equals(change.ModelName, model, StringComparison.Ordinal) && string.Equals(change.Alias, alias, StringComparison.Ordinal);
    }
}
