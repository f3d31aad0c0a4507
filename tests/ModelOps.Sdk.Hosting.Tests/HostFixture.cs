using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.Hosting.Tests;

/// <summary>Builds real generic hosts over a temporary registry directory, with in-memory configuration and captured logs.</summary>
public sealed class HostFixture : IDisposable
{
    public HostFixture()
    {
        Root = Directory.CreateTempSubdirectory("modelops-hosting-").FullName;
    }

    public string Root { get; }

    public string StorePath => Path.Combine(Root, "registry");

    public CapturedLogs Logs { get; } = new();

    /// <summary>A host builder whose configuration holds <paramref name="settings"/> (keys like <c>ModelOps:Store:RootPath</c>).</summary>
    public HostApplicationBuilder CreateBuilder(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(Logs);
        return builder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A store file still open on a slow disk: the OS temp cleaner removes it.
        }
    }
}

/// <summary>Keeps every log entry and lets a test await the first one that matches.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> _entries = new();
    private readonly ConcurrentBag<(Func<string, LogLevel, string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    public IReadOnlyCollection<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries => _entries;

    /// <summary>Completes when an entry matching <paramref name="match"/> is logged (or already was).</summary>
    public Task WaitForAsync(Func<string, LogLevel, string, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((match, seen));
        if (_entries.Any(e => match(e.Category, e.Level, e.Message)))
        {
            seen.TrySetResult();
        }

        return seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string category, LogLevel level, string message, Exception? exception)
    {
        _entries.Enqueue((category, level, message, exception));
        foreach (var (match, seen) in _waiters)
        {
            if (match(category, level, message))
            {
                seen.TrySetResult();
            }
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(category, logLevel, formatter(state, exception), exception);
    }
}
