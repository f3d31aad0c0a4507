using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ModelOps.Sdk.PostgreSql.Resilience;

/// <summary>
/// Runs each store operation under a Polly pipeline: a timeout per attempt inside a retry with exponential backoff and jitter for
/// transient faults; when retries are exhausted the fault surfaces as <see cref="StorageUnavailableException"/>.
/// </summary>
/// <remarks>
/// Polly rather than a hand-written loop: its retry strategy gives jittered backoff, per-attempt timeouts and TimeProvider-driven
/// delays, with the retry policy configurable through <see cref="PostgreSqlStorageOptions"/>.
/// </remarks>
internal sealed partial class StoreResilience
{
    private readonly ResiliencePipeline _pipeline;
    private readonly string _location;
    private readonly ILogger _logger;

    public StoreResilience(PostgreSqlStorageOptions options, TimeProvider timeProvider, ILogger logger, string location)
    {
        _location = location;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    LogRetrying(_logger, _location, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.GetType().Name, args.Outcome.Exception?.Message);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.OperationTimeout);
        _pipeline = builder.Build();
    }

    public string Location => _location;

    /// <summary>Runs an operation; <paramref name="operation"/> gets the attempt number (1 for the first) and the attempt's token.</summary>
    public async ValueTask<TResult> ExecuteAsync<TState, TResult>(
        string operationName,
        TState state,
        Func<TState, int, CancellationToken, ValueTask<TResult>> operation,
        CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await operation(state, attempts, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException(
                _location,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{operationName} failed: {_location} could not be reached after {attempts} attempt(s) ({ex.GetType().Name}: {ex.Message}). It is a transient fault (the server is down, restarting or unreachable): try again later; the registry keeps serving what it has already read."),
                attempts,
                ex);
        }
    }

    /// <summary>
    /// Connection failures, timeouts, a server shutting down or not yet accepting connections, serialization failures and deadlocks;
    /// not bad SQL, constraint violations or permission errors, which retrying cannot fix.
    /// </summary>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        null => false,
        TimeoutRejectedException => true,
        PostgresException postgres => postgres.IsTransient || postgres.SqlState is
            PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or "25P03", // idle_in_transaction_session_timeout: the append lock was held by a stalled attempt
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Location}: attempt {Attempt} will follow in {Delay} after a transient fault ({ExceptionType}: {ExceptionMessage}).")]
    private static partial void LogRetrying(ILogger logger, string location, int attempt, TimeSpan delay, string? exceptionType, string? exceptionMessage);
}
