using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Primitives;

namespace ModelOps.Sdk.Aliases;

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

    /// <summary>
    /// Subscribes at once (so a change made right after this call is delivered) and returns the stream of that subscription.
    /// The subscription ends when the stream is disposed, when <paramref name="cancellationToken"/> is cancelled, or on disposal.
    /// </summary>
    public IAsyncEnumerable<AliasChange> Watch(string model, string alias, CancellationToken cancellationToken)
    {
        var subscription = new Subscription(model, alias);
        lock (_gate)
        {
            if (_disposed)
            {
                subscription.Channel.Writer.TryComplete();
            }
            else
            {
                _subscriptions.Add(subscription);
            }
        }

        subscription.Cancellation = cancellationToken.Register(static s => ((Subscription)s!).Hub!.Remove((Subscription)s!), subscription);
        subscription.Hub = this;
        if (cancellationToken.IsCancellationRequested)
        {
            Remove(subscription);
        }

        return ReadAsync(subscription, cancellationToken);
    }

    private static async IAsyncEnumerable<AliasChange> ReadAsync(Subscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
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
            subscription.Hub?.Remove(subscription);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }

        subscription.Channel.Writer.TryComplete();
        subscription.Cancellation.Dispose();
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
        public AliasWatchHub? Hub { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }

        public Channel<AliasChange> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<AliasChange>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

        public bool Matches(AliasChange change) =>
            string.Equals(change.ModelName, model, StringComparison.Ordinal) && string.Equals(change.Alias, alias, StringComparison.Ordinal);
    }
}
