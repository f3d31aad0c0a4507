using System.Globalization;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Storage;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql;

/// <summary>The change push: one <c>LISTEN</c> connection per store, reconnected after a drop.</summary>
public sealed partial class PostgreSqlMetadataStore
{
    /// <summary>The prefix of the listening connection's application name (then the schema), to find it in <c>pg_stat_activity</c>.</summary>
    internal const string ListenerApplicationNamePrefix = "modelops-listener:";

    private static readonly TimeSpan ListenerKeepAlive = TimeSpan.FromSeconds(10);

    private readonly Lock _subscriberGate = new();
    private Action<long>[] _subscribers = [];
    private CancellationTokenSource? _listenerStop;
    private Task? _listener;
    private volatile bool _isListening;

    /// <summary>Gets a value indicating whether the notification listener is connected and listening right now.</summary>
    /// <value><see langword="false"/> before the first subscription, while reconnecting, and when notifications are disabled.</value>
    public bool IsListening
    {
        get => _isListening;
        private set => _isListening = value;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The first subscription starts the listener (when <see cref="PostgreSqlStorageOptions.EnableChangeNotifications"/> is on). The
    /// callback receives the sequence number each commit announced, and 0 once after every (re)connect of the listener.
    /// </remarks>
    public IDisposable Subscribe(Action<long> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_subscriberGate)
        {
            _subscribers = [.. _subscribers, onChange];
            if (_options.EnableChangeNotifications && _listener is null)
            {
                _listenerStop = new CancellationTokenSource();
                var stop = _listenerStop.Token;
                _listener = Task.Run(() => ListenAsync(stop), CancellationToken.None);
            }
        }

        return new Subscription(this, onChange);
    }

    private void Unsubscribe(Action<long> onChange)
    {
        lock (_subscriberGate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, onChange))];
        }
    }

    private void Publish(long sequence)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(sequence);
            }
            catch (Exception ex)
            {
                // A subscriber must not throw; if one does, the others still hear of the change.
                LogSubscriberFailed(_logger, Location, ex);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                    Publish(long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0);
                await using (var command = new NpgsqlCommand($"SET application_name = '{ListenerApplicationNamePrefix}{_schema}'; LISTEN \"{_channel}\"", connection))
                {
                    // The schema name is validated (lowercase letters, digits, '_'), so it is safe in a literal and a quoted
                    // identifier; SET and LISTEN take no parameters.
                    await command.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }

                IsListening = true;
                LogListening(_logger, Location);

                // Notifications sent while the listener was down are lost: have subscribers catch up once.
                Publish(0);
                while (true)
                {
                    if (!await connection.WaitAsync(ListenerKeepAlive, stop).ConfigureAwait(false))
                    {
                        // Nothing arrived for a while: make sure the connection is still alive (a silent network drop sends no FIN).
                        await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = (int)Math.Ceiling(_options.OperationTimeout.TotalSeconds) };
                        await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Polling every ChangePollInterval is the fallback until the listener is back; nothing is missed either way.
                IsListening = false;
                LogListenerDropped(_logger, Location, _options.NotificationReconnectDelay, ex.GetType().Name, ex.Message);
            }

            IsListening = false;
            try
            {
                await Task.Delay(_options.NotificationReconnectDelay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        IsListening = false;
    }

    private async ValueTask StopListenerAsync()
    {
        Task? listener;
        CancellationTokenSource? stop;
        lock (_subscriberGate)
        {
            listener = _listener;
            stop = _listenerStop;
            _subscribers = [];
        }

        if (stop is null || listener is null)
        {
            return;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Location}: listening for other instances' changes.")]
    private static partial void LogListening(ILogger logger, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Location}: the change-notification connection dropped ({ExceptionType}: {ExceptionMessage}); polling covers changes until it reconnects in {Delay}.")]
    private static partial void LogListenerDropped(ILogger logger, string location, TimeSpan delay, string exceptionType, string exceptionMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Location}: a change subscriber threw.")]
    private static partial void LogSubscriberFailed(ILogger logger, string location, Exception exception);

    private sealed class Subscription(PostgreSqlMetadataStore store, Action<long> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                store.Unsubscribe(onChange);
            }
        }
    }
}
