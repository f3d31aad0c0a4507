using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Hosting;

namespace ModelOps.Sdk.AspNetCore.ProblemDetails;

/// <summary>
/// Answers every <see cref="ModelOpsException"/> that reaches <c>UseExceptionHandler()</c> with an RFC 9457 problem details response
/// written by the host's <see cref="IProblemDetailsService"/> (so the host's own <c>CustomizeProblemDetails</c> applies); other
/// exceptions are left to the next handler.
/// </summary>
internal sealed class ModelOpsExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<ModelOpsHostingOptions> hosting,
    IOptions<ModelOpsOptions> registry) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ModelOpsException modelOps || httpContext.Response.HasStarted)
        {
            return false;
        }

        var problem = ModelOpsProblem.From(modelOps);
        httpContext.Response.StatusCode = problem.Status;
        var retryAfter = modelOps switch
        {
            ModelLoadException => hosting.Value.ScorerLoadRetryInterval,     // a hosted scorer tries to load again at this interval
            StorageUnavailableException => registry.Value.ChangePollInterval, // the registry tries the store again at most this often
            _ => (TimeSpan?)null,
        };
        if (retryAfter is { } delay)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Detail,
            Instance = httpContext.Request.Path,
        };
        details.Extensions["errorCode"] = problem.ErrorCode;
        foreach (var (name, value) in problem.Subjects)
        {
            details.Extensions[name] = value;
        }

        details.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = details,
            Exception = exception,
        }).ConfigureAwait(false);
    }
}
