using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ModelOps.Sdk.Reporting;

namespace ModelOps.Sdk.AspNetCore.Dashboard;

/// <summary>
/// The dashboard's four read-only endpoints over <see cref="IModelOpsReportGenerator"/>: the overview and one model's page, rendered
/// by <see cref="ReportHtmlRenderer"/> as the report file is, and the same content as JSON. Nothing here writes to the registry.
/// </summary>
internal sealed class ModelOpsDashboard
{
    private const string HtmlType = "text/html; charset=utf-8";
    private const string JsonType = "application/json; charset=utf-8";

    // Inline CSS and SVG only, as the report file: no script runs, nothing is fetched, no form posts, no framing.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly IModelOpsReportGenerator _generator;
    private readonly IModelRegistry _registry;
    private readonly ReportHtmlRenderer _renderer;
    private readonly ReportingOptions _reporting;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private readonly TimeSpan _cacheDuration;
    private readonly ConcurrentDictionary<string, DashboardResponse> _cache = new(StringComparer.Ordinal);

    public ModelOpsDashboard(IModelOpsReportGenerator generator, IModelRegistry registry, ReportingOptions reporting, TimeProvider time, string prefix, TimeSpan cacheDuration)
    {
        _generator = generator;
        _registry = registry;
        _reporting = reporting;
        _renderer = ReportHtmlRenderer.Create(reporting);
        _time = time;
        _prefix = prefix;
        _cacheDuration = cacheDuration;
    }

    public Task<IResult> OverviewPageAsync(HttpContext context) =>
        ServeAsync(context, "page:", null, HtmlType, async (scope, cancellationToken) =>
        {
            var overview = await _generator.ReadOverviewAsync(scope, cancellationToken).ConfigureAwait(false);
            var home = Home(context);
            var query = PeriodQuery(scope);
            using var writer = new StringWriter();
            _renderer.WriteDocumentStart(writer, overview.Title);
            _renderer.WriteOverview(writer, overview, name => $"{home}/models/{Uri.EscapeDataString(name)}{query}");
            writer.Write($"<p class=\"meta\">The same content as JSON: <a href=\"{E(home)}/api/models{E(query)}\">{E(home)}/api/models{E(query)}</a>.</p>\n");
            ReportHtmlRenderer.WriteDocumentEnd(writer);
            return Encoding.UTF8.GetBytes(writer.ToString());
        });

    public Task<IResult> ModelPageAsync(string name, HttpContext context) =>
        ServeAsync(context, "page:" + name, name, HtmlType, async (scope, cancellationToken) =>
        {
            var section = await _generator.ReadModelAsync(name, scope, cancellationToken).ConfigureAwait(false);
            var home = Home(context);
            var query = PeriodQuery(scope);
            var json = $"{home}/api/models/{Uri.EscapeDataString(name)}{query}";
            using var writer = new StringWriter();
            _renderer.WriteDocumentStart(writer, $"Model {name}: {_reporting.Title}");
            writer.Write($"<h1>{E(_reporting.Title)}</h1>\n<nav aria-label=\"Dashboard\"><p class=\"meta\"><a href=\"{E(home + query)}\">All models</a> &middot; <strong id=\"time-zone\">All dates and times are in {E(_renderer.TimeZoneName)}.</strong> <span id=\"period\">Period: {E(_renderer.DescribePeriod(scope))}.</span></p></nav>\n");
            _renderer.WriteModelSection(writer, section);
            writer.Write($"<p class=\"meta\">The same content as JSON: <a href=\"{E(json)}\">{E(json)}</a>.</p>\n");
            ReportHtmlRenderer.WriteDocumentEnd(writer);
            return Encoding.UTF8.GetBytes(writer.ToString());
        });

    public Task<IResult> OverviewJsonAsync(HttpContext context) =>
        ServeAsync(context, "json:", null, JsonType, async (scope, cancellationToken) =>
            JsonSerializer.SerializeToUtf8Bytes(await _generator.ReadOverviewAsync(scope, cancellationToken).ConfigureAwait(false), DashboardJson.Options));

    public Task<IResult> ModelJsonAsync(string name, HttpContext context) =>
        ServeAsync(context, "json:" + name, name, JsonType, async (scope, cancellationToken) =>
            JsonSerializer.SerializeToUtf8Bytes(await _generator.ReadModelAsync(name, scope, cancellationToken).ConfigureAwait(false), DashboardJson.Options));

    // The period travels in the links, so a model's page keeps the period its overview was asked for.
    private static string PeriodQuery(ReportScope scope)
    {
        var parts = new List<string>(2);
        if (scope.From is { } from)
        {
            parts.Add("from=" + Uri.EscapeDataString(from.ToString("o", CultureInfo.InvariantCulture)));
        }

        if (scope.To is { } to)
        {
            parts.Add("to=" + Uri.EscapeDataString(to.ToString("o", CultureInfo.InvariantCulture)));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private string Home(HttpContext context) => context.Request.PathBase.Add(new PathString(_prefix)).ToUriComponent();

    private async Task<IResult> ServeAsync(HttpContext context, string key, string? modelName, string contentType, Func<ReportScope, CancellationToken, Task<byte[]>> generate)
    {
        var cancellationToken = context.RequestAborted;
        var isModel = modelName is not null;
        if (isModel && string.IsNullOrWhiteSpace(modelName))
        {
            return NotFound(context, contentType);
        }

        if (!DashboardPeriod.TryRead(context.Request.Query, out var from, out var to, out var problem))
        {
            return BadPeriod(context, contentType, problem!);
        }

        var scope = new ReportScope { From = from, To = to };

        // The links in a page start with the request's path base: a host reached under two bases keeps a page for each.
        key = context.Request.PathBase.Value + "|" + key + "|" + PeriodQuery(scope);
        var sequence = await SequenceAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (sequence is not null && _cache.TryGetValue(key, out var cached) && cached.Sequence == sequence && now - cached.GeneratedAt < _cacheDuration)
        {
            return Respond(context, cached);
        }

        byte[] body;
        try
        {
            body = await generate(scope, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelNotFoundException) when (isModel)
        {
            return NotFound(context, contentType);
        }

        var response = new DashboardResponse(sequence, now, body, contentType);
        if (sequence is not null)
        {
            _cache[key] = response;
        }

        return Respond(context, response);
    }

    /// <summary>The registry's sequence after catching up, or <see langword="null"/> when nothing is cached or the store does not answer.</summary>
    private async Task<long?> SequenceAsync(CancellationToken cancellationToken)
    {
        if (_cacheDuration <= TimeSpan.Zero)
        {
            return null;
        }

        try
        {
            return await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // Reads still answer from the replica; nothing read now is kept for later.
            return null;
        }
    }

    private static IResult Respond(HttpContext context, DashboardResponse response)
    {
        Secure(context, response.ContentType);
        return Results.Bytes(response.Body, response.ContentType);
    }

    private IResult NotFound(HttpContext context, string contentType)
    {
        Secure(context, contentType);
        if (contentType == JsonType)
        {
            // The name is not echoed: the JSON says what is missing, not what was asked for.
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No model with this name.", detail: "The registry has no model with the name in the path.");
        }

        var home = Home(context);
        using var writer = new StringWriter();
        _renderer.WriteDocumentStart(writer, $"No such model: {_reporting.Title}");
        writer.Write($"<h1>No model with this name</h1>\n<p>The registry has no model with the name in the address. <a href=\"{E(home)}\">All models</a>.</p>\n");
        ReportHtmlRenderer.WriteDocumentEnd(writer);
        return Results.Text(writer.ToString(), HtmlType, Encoding.UTF8, StatusCodes.Status404NotFound);
    }

    private IResult BadPeriod(HttpContext context, string contentType, DashboardPeriodProblem problem)
    {
        Secure(context, contentType);
        if (contentType == JsonType)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid period.",
                detail: problem.Message,
                extensions: new Dictionary<string, object?> { ["parameter"] = problem.Parameter });
        }

        var home = Home(context);
        using var writer = new StringWriter();
        _renderer.WriteDocumentStart(writer, $"Invalid period: {_reporting.Title}");
        writer.Write($"<h1>Invalid period</h1>\n<p>{E(problem.Message)} <a href=\"{E(home)}\">All models, all time</a>.</p>\n");
        ReportHtmlRenderer.WriteDocumentEnd(writer);
        return Results.Text(writer.ToString(), HtmlType, Encoding.UTF8, StatusCodes.Status400BadRequest);
    }

    private static void Secure(HttpContext context, string contentType)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (contentType == HtmlType)
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
    }
}
