using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ModelOps.Sdk.Storage.S3;

/// <summary>
/// Runs each S3 request through one Polly pipeline (a retry for transient faults around a timeout per attempt) and turns what is
/// left into a <see cref="StorageUnavailableException"/> (transient: the provider-neutral type) or an
/// <see cref="S3ArtifactStoreException"/> (refused), both naming the operation, bucket and key, never a credential.
/// </summary>
/// <remarks>
/// The AWS SDK's own retries are turned off on clients the store creates (<c>MaxErrorRetry = 0</c>), so a fault is retried
/// exactly <see cref="S3ArtifactStoreOptions.MaxRetryAttempts"/> times instead of the product of two retry layers.
/// </remarks>
internal sealed class S3RequestRunner
{
    private static readonly ResiliencePropertyKey<string> OperationKey = new("ModelOps.S3.Operation");
    private static readonly ResiliencePropertyKey<string> ObjectKey = new("ModelOps.S3.Key");

    private readonly ResiliencePipeline _pipeline;
    private readonly string _bucketName;
    private readonly string _endpoint;
    private readonly string _location;
    private readonly int _attempts;

    public S3RequestRunner(S3ArtifactStoreOptions options, string endpoint, string location, TimeProvider timeProvider, ILogger logger)
    {
        _bucketName = options.BucketName!;
        _endpoint = endpoint;
        _location = location;
        _attempts = options.MaxRetryAttempts + 1;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                BackoffType = options.RetryBackoff,
                UseJitter = options.RetryUseJitter,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception && IsTransient(exception, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    S3StorageLog.Retrying(
                        logger,
                        args.Context.Properties.GetValue(OperationKey, "request"),
                        args.Context.Properties.GetValue(ObjectKey, string.Empty),
                        Describe(args.Outcome.Exception),
                        args.AttemptNumber + 1,
                        args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    /// <summary>Runs one request with retries and a timeout per attempt.</summary>
    /// <param name="operation">The S3 operation's name, for messages.</param>
    /// <param name="key">The object key (or prefix), for messages.</param>
    /// <param name="state">What the request needs, passed without a closure.</param>
    /// <param name="request">The request; it must honour the token it is given, which the timeout cancels.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async ValueTask<TResult> RunAsync<TState, TResult>(
        string operation,
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<TResult>> request,
        CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        context.Properties.Set(ObjectKey, key);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (context, arguments) => arguments.request(arguments.state, context.CancellationToken),
                context,
                (request, state)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            // Every attempt failed transiently (a refusal would have stopped the retries), so all of them were made.
            throw new StorageUnavailableException(
                _location,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"S3 {operation} of '{key}' in bucket '{_bucketName}' at {_endpoint} failed with a transient fault on all {_attempts} attempt(s): {Describe(exception)}. The service is unreachable, timing out or overloaded; nothing was published by the failed call, so try again when it is back."),
                _attempts,
                Scrub(exception));
        }
        catch (AmazonServiceException exception)
        {
            throw new S3ArtifactStoreException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"S3 {operation} of '{key}' in bucket '{_bucketName}' at {_endpoint} was refused: {Describe(exception)}. Check that the bucket exists and that the credentials may read and write under the key prefix."),
                operation,
                _bucketName,
                key,
                Scrub(exception));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Tells whether a failure is worth retrying: the network, a timeout, a server error or throttling.</summary>
    internal static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        TimeoutRejectedException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested, // the HTTP client's own timeout, not the caller
        AmazonServiceException service when IsTransientStatus(service) => true,
        HttpRequestException or IOException or SocketException => true,
        AmazonServiceException or AmazonClientException => exception.InnerException is { } inner && IsTransient(inner, callerToken),
        _ => false,
    };

    /// <summary>Describes a failure by its type, S3 error code and status, and message; never by request details.</summary>
    internal static string Describe(Exception? exception) => exception switch
    {
        null => "no exception",
        AmazonServiceException service when !string.IsNullOrEmpty(service.ErrorCode) => string.Create(
            CultureInfo.InvariantCulture,
            $"{service.ErrorCode} (HTTP {(int)service.StatusCode})"),
        AmazonServiceException service when service.InnerException is { } inner => Describe(inner),
        AmazonServiceException service => string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)service.StatusCode}"),
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private static bool IsTransientStatus(AmazonServiceException exception) =>
        (int)exception.StatusCode >= 500
        || exception.StatusCode == HttpStatusCode.TooManyRequests
        || exception.StatusCode == HttpStatusCode.RequestTimeout
        || exception.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "ThrottlingException" or "InternalError" or "ServiceUnavailable";

    /// <summary>
    /// Drops an inner exception whose message can echo signed request details: S3's <c>SignatureDoesNotMatch</c> error carries the
    /// string to sign and the canonical request, which can hold the session token.
    /// </summary>
    private static Exception? Scrub(Exception exception) =>
        exception is AmazonServiceException { ErrorCode: "SignatureDoesNotMatch" } ? null : exception;
}
