using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>A logger factory that keeps every formatted message and exception, to check what a component writes to logs.</summary>
public sealed class CollectingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Seen)> _waiters = [];

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>Completes with the first entry, logged before or after the call, that matches the predicate (no polling).</summary>
    public Task<string> WaitForAsync(Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_entries.FirstOrDefault(predicate) is { } logged)
            {
                return Task.FromResult(logged);
            }

            _waiters.Add((predicate, seen));
        }

        return seen.Task.WaitAsync(cancellationToken);
    }

    private void Add(string entry)
    {
        lock (_waiters)
        {
            _entries.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Predicate(entry)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(entry);
            }
        }
    }

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Add($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
    }
}
