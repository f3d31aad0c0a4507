using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Reports;

namespace ModelOps.Sdk.Monitoring.Tests.Monitors;

public sealed class ModelMonitorIdleWindowTests
{
    [Fact]
    public async Task IdleWindow_ClosesWithAnInformationLogAndNoException()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddModelOps().UseInMemory().AddMonitoring(o => o.Windows.WindowDuration = TimeSpan.FromHours(1));
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await using var artifact = new MemoryStream([1, 2, 3]);
        var version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "custom", Artifact = artifact });
        var (rows, decisions) = new SyntheticLoans().Generate(2_000, seed: 7);
        await registry.SaveReferenceProfileAsync("loans", version.Version, ProfileRows.Schema.FitReference(rows, decisions));
        using var monitor = await provider.GetRequiredService<IModelMonitorFactory>().CreateAsync("loans", version.Version, ProfileRows.Schema);

        time.Advance(TimeSpan.FromHours(1));   // an idle hour: the window closes with no row
        var entry = await logs.First.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Contains("no rows", entry.Message, StringComparison.Ordinal);
        Assert.Null(monitor.LastReport);
    }

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public TaskCompletionSource<(LogLevel Level, string Message, Exception? Exception)> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        // Only the monitor's own category: the registry logs too (at debug level, for example when it folds a model on first use).
        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("ModelOps.Sdk.Monitoring", StringComparison.Ordinal)
            ? new Logger(this)
            : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = (logLevel, formatter(state, exception), exception);
                owner.Entries.Enqueue(entry);
                owner.First.TrySetResult(entry);
            }
        }
    }
}
