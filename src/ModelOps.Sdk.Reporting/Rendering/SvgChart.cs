using System.Globalization;
using System.Net;
using System.Text;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// The report's charts, written as SVG by hand: a few lines and marks each, with a title and a description for screen readers, and
/// a marker shape and a text label wherever colour carries meaning.
/// </summary>
internal static class SvgChart
{
    private const int Width = 640;
    private const int Height = 220;
    private const int Left = 56;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 40;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A point of a series over time: its label on the axis, its value in [0, 1], and whether it is flagged.</summary>
    public readonly record struct Point(string Label, double Value, bool Flagged);

    /// <summary>A line of shares in [0, 1] over time; flagged points drawn as triangles labelled with <paramref name="flagText"/>.</summary>
    public static string ShareOverTime(string id, string title, string description, IReadOnlyList<Point> points, string flagText)
    {
        var svg = Open(id, title, description);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (points.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(points.Count - 1));
        double Y(double v) => Top + plotHeight * (1 - Math.Clamp(v, 0, 1));
        foreach (var tick in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
        {
            svg.Append(C, $"<line x1=\"{Left}\" y1=\"{Y(tick):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(tick):0.#}\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>");
            svg.Append(C, $"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{tick * 100:0}%</text>");
        }

        if (points.Count > 1)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"2\" points=\"");
            for (var i = 0; i < points.Count; i++)
            {
                svg.Append(C, $"{X(i):0.#},{Y(points[i].Value):0.#} ");
            }

            svg.Append("\"/>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = (X(i), Y(points[i].Value));
            if (points[i].Flagged)
            {
                svg.Append(C, $"<path d=\"M{x:0.#},{y - 7:0.#} L{x + 7:0.#},{y + 5:0.#} L{x - 7:0.#},{y + 5:0.#} Z\" fill=\"#b3261e\"><title>{Escape(points[i].Label)}: {points[i].Value * 100:0.0}%, {Escape(flagText)}</title></path>");
            }
            else
            {
                svg.Append(C, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"4\" fill=\"#1f4e9c\"><title>{Escape(points[i].Label)}: {points[i].Value * 100:0.0}%</title></circle>");
            }
        }

        if (points.Count > 0)
        {
            svg.Append(C, $"<text x=\"{Left}\" y=\"{Height - 12}\" font-size=\"12\" fill=\"#333\">{Escape(points[0].Label)}</text>");
            svg.Append(C, $"<text x=\"{Width - Right}\" y=\"{Height - 12}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{Escape(points[^1].Label)}</text>");
        }

        svg.Append(C, $"<text x=\"{Width / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">▲ = {Escape(flagText)}</text>");
        return Close(svg);
    }

    /// <summary>Horizontal bars of shares in [0, 1] with a dashed reference line; flagged bars hatched and labelled.</summary>
    public static string Bars(string id, string title, string description, IReadOnlyList<Point> bars, double? reference, string referenceText, string flagText)
    {
        var rowHeight = 26;
        var height = Top + (rowHeight * bars.Count) + Bottom;
        var svg = Open(id, title, description, height);
        var labelWidth = 150;
        var plotWidth = Width - labelWidth - Right - 80;
        double X(double v) => labelWidth + (plotWidth * Math.Clamp(v, 0, 1));
        svg.Append("<defs><pattern id=\"").Append(id).Append("-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4c7c3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b3261e\" stroke-width=\"3\"/></pattern></defs>");
        for (var i = 0; i < bars.Count; i++)
        {
            var y = Top + (i * rowHeight);
            var bar = bars[i];
            var fill = bar.Flagged ? $"url(#{id}-hatch)" : "#1f4e9c";
            svg.Append(C, $"<text x=\"{labelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{Escape(bar.Label)}</text>");
            svg.Append(C, $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{Math.Max(1, X(bar.Value) - labelWidth):0.#}\" height=\"{rowHeight - 8}\" fill=\"{fill}\" stroke=\"#1f4e9c\"/>");
            svg.Append(C, $"<text x=\"{X(bar.Value) + 6:0.#}\" y=\"{y + 16}\" font-size=\"12\" fill=\"#333\">{bar.Value * 100:0.0}%{(bar.Flagged ? " " + Escape(flagText) : string.Empty)}</text>");
        }

        if (reference is { } r)
        {
            svg.Append(C, $"<line x1=\"{X(r):0.#}\" y1=\"{Top}\" x2=\"{X(r):0.#}\" y2=\"{height - Bottom + 4}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>");
            svg.Append(C, $"<text x=\"{X(r):0.#}\" y=\"{height - Bottom + 18}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">{Escape(referenceText)}</text>");
        }

        return Close(svg);
    }

    /// <summary>An estimate with its interval on a horizontal axis around zero (the always-valid confidence interval of an effect).</summary>
    public static string Interval(string id, string title, string description, double estimate, double lower, double upper, string unit)
    {
        var height = 90;
        var svg = Open(id, title, description, height);
        var finiteLower = double.IsFinite(lower) ? lower : estimate - Math.Abs(estimate) - 1;
        var finiteUpper = double.IsFinite(upper) ? upper : estimate + Math.Abs(estimate) + 1;
        var span = Math.Max(Math.Max(Math.Abs(finiteLower), Math.Abs(finiteUpper)), Math.Abs(estimate)) * 1.2;
        span = span > 0 ? span : 1;
        var plotWidth = Width - Left - Right;
        double X(double v) => Left + (plotWidth * (Math.Clamp(v, -span, span) + span) / (2 * span));
        var y = 36;
        svg.Append(C, $"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\" stroke=\"#d0d0d0\"/>");
        svg.Append(C, $"<line x1=\"{X(0):0.#}\" y1=\"{y - 20}\" x2=\"{X(0):0.#}\" y2=\"{y + 20}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>");
        svg.Append(C, $"<text x=\"{X(0):0.#}\" y=\"{y + 36}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">0 (no difference)</text>");
        svg.Append(C, $"<line x1=\"{X(finiteLower):0.#}\" y1=\"{y}\" x2=\"{X(finiteUpper):0.#}\" y2=\"{y}\" stroke=\"#1f4e9c\" stroke-width=\"4\"/>");
        svg.Append(C, $"<line x1=\"{X(finiteLower):0.#}\" y1=\"{y - 8}\" x2=\"{X(finiteLower):0.#}\" y2=\"{y + 8}\" stroke=\"#1f4e9c\" stroke-width=\"2\"/>");
        svg.Append(C, $"<line x1=\"{X(finiteUpper):0.#}\" y1=\"{y - 8}\" x2=\"{X(finiteUpper):0.#}\" y2=\"{y + 8}\" stroke=\"#1f4e9c\" stroke-width=\"2\"/>");
        svg.Append(C, $"<rect x=\"{X(estimate) - 5:0.#}\" y=\"{y - 5}\" width=\"10\" height=\"10\" fill=\"#1a1a1a\"/>");
        svg.Append(C, $"<text x=\"{X(estimate):0.#}\" y=\"{y - 14}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">{Escape(ReportFormat.Signed(estimate, "0.####"))} {Escape(unit)}</text>");
        svg.Append(C, $"<text x=\"{Left}\" y=\"{y + 36}\" font-size=\"12\" fill=\"#333\">challenger worse</text>");
        svg.Append(C, $"<text x=\"{Width - Right}\" y=\"{y + 36}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">challenger better</text>");
        return Close(svg);
    }

    /// <summary>An estimate with its interval at each of several moments, on a vertical axis around zero: how an effect's always-valid
    /// interval narrowed over time. Unbounded ends are drawn to the plot's edge.</summary>
    public static string IntervalsOverTime(string id, string title, string description, IReadOnlyList<(string Label, double Estimate, double Lower, double Upper)> points, string unit)
    {
        var svg = Open(id, title, description);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var span = points.SelectMany(static p => new[] { p.Estimate, p.Lower, p.Upper }).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max() * 1.2;
        span = span > 0 ? span : 1;
        double X(int i) => Left + (points.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(points.Count - 1));
        double Y(double v) => Top + (plotHeight * (span - Math.Clamp(double.IsNaN(v) ? 0 : v, -span, span)) / (2 * span));
        svg.Append(C, $"<line x1=\"{Left}\" y1=\"{Y(0):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(0):0.#}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>");
        svg.Append(C, $"<text x=\"{Left - 6}\" y=\"{Y(0) + 4:0.#}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">0</text>");
        svg.Append(C, $"<text x=\"{Left - 6}\" y=\"{Top + 12}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">better</text>");
        svg.Append(C, $"<text x=\"{Left - 6}\" y=\"{Height - Bottom}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">worse</text>");
        for (var i = 0; i < points.Count; i++)
        {
            var (label, estimate, lower, upper) = points[i];
            var x = X(i);
            var top = Y(double.IsFinite(upper) ? upper : span);
            var bottom = Y(double.IsFinite(lower) ? lower : -span);
            svg.Append(C, $"<g><title>{Escape(label)}: {Escape(ReportFormat.Signed(estimate, "0.####"))} {Escape(unit)}, interval [{Escape(ReportFormat.Number(lower))}, {Escape(ReportFormat.Number(upper))}]</title>");
            svg.Append(C, $"<line x1=\"{x:0.#}\" y1=\"{top:0.#}\" x2=\"{x:0.#}\" y2=\"{bottom:0.#}\" stroke=\"#1f4e9c\" stroke-width=\"3\"/>");
            svg.Append(C, $"<rect x=\"{x - 4:0.#}\" y=\"{Y(estimate) - 4:0.#}\" width=\"8\" height=\"8\" fill=\"#1a1a1a\"/></g>");
        }

        if (points.Count > 0)
        {
            svg.Append(C, $"<text x=\"{X(0):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"start\" font-size=\"12\" fill=\"#333\">{Escape(points[0].Label)}</text>");
            if (points.Count > 1)
            {
                svg.Append(C, $"<text x=\"{X(points.Count - 1):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{Escape(points[^1].Label)}</text>");
            }
        }

        return Close(svg);
    }

    /// <summary>
    /// A histogram of a feature's reference distribution against the current window's, one row per bin: the reference as a hatched,
    /// outlined bar, the current window as a solid bar, each with its share written next to it, and a legend that names both.
    /// Each series is one path, so a chart stays a few hundred bytes plus its labels.
    /// </summary>
    public static string Histogram(string id, string title, string description, IReadOnlyList<(string Label, double Reference, double Current)> bins)
    {
        const int row = 30;
        const int labelWidth = 210;
        var height = Top + 20 + (row * bins.Count) + 8;
        var svg = Open(id, title, description, height);
        var plotWidth = Width - labelWidth - Right - 56;
        var max = bins.Select(static b => Math.Max(b.Reference, b.Current)).DefaultIfEmpty(0).Max();
        max = max > 0 ? max : 1;
        double W(double v) => Math.Max(0.5, plotWidth * Math.Clamp(v / max, 0, 1));
        svg.Append(C, $"<defs><pattern id=\"{id}-h\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#555\" stroke-width=\"2\"/></pattern></defs>");
        svg.Append(C, $"<rect x=\"{labelWidth}\" y=\"4\" width=\"14\" height=\"10\" fill=\"url(#{id}-h)\" stroke=\"#333\"/><text x=\"{labelWidth + 18}\" y=\"13\" font-size=\"12\" fill=\"#333\">reference (training data)</text>");
        svg.Append(C, $"<rect x=\"{labelWidth + 190}\" y=\"4\" width=\"14\" height=\"10\" fill=\"#1f4e9c\"/><text x=\"{labelWidth + 208}\" y=\"13\" font-size=\"12\" fill=\"#333\">current window</text>");
        var reference = new StringBuilder();
        var current = new StringBuilder();
        var text = new StringBuilder();
        for (var i = 0; i < bins.Count; i++)
        {
            var y = Top + 20 + (i * row);
            var (label, r, c) = bins[i];
            reference.Append(C, $"M{labelWidth},{y}h{W(r):0.#}v11h-{W(r):0.#}z");
            current.Append(C, $"M{labelWidth},{y + 13}h{W(c):0.#}v11h-{W(c):0.#}z");
            text.Append(C, $"<text x=\"{labelWidth - 6}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{Escape(label)}</text>");
            text.Append(C, $"<text x=\"{labelWidth + W(r) + 4:0.#}\" y=\"{y + 9}\" font-size=\"10\" fill=\"#333\">{r * 100:0.0}%</text>");
            text.Append(C, $"<text x=\"{labelWidth + W(c) + 4:0.#}\" y=\"{y + 22}\" font-size=\"10\" fill=\"#1a1a1a\">{c * 100:0.0}%</text>");
        }

        svg.Append(C, $"<path d=\"{reference}\" fill=\"url(#{id}-h)\" stroke=\"#333\"/><path d=\"{current}\" fill=\"#1f4e9c\"/>").Append(text);
        return Close(svg);
    }

    /// <summary>A line of non-negative values over time on an axis from zero to the largest value, in <paramref name="unit"/>.</summary>
    public static string ValuesOverTime(string id, string title, string description, IReadOnlyList<(string Label, double Value)> points, string unit)
    {
        var svg = Open(id, title, description);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var max = points.Select(static p => p.Value).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        max = max > 0 ? max : 1;
        double X(int i) => Left + (points.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(points.Count - 1));
        double Y(double v) => Top + (plotHeight * (1 - Math.Clamp(v / max, 0, 1)));
        foreach (var tick in new[] { 0.0, 0.5, 1.0 })
        {
            svg.Append(C, $"<line x1=\"{Left}\" y1=\"{Y(tick * max):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(tick * max):0.#}\" stroke=\"#d0d0d0\"/>");
            svg.Append(C, $"<text x=\"{Left - 6}\" y=\"{Y(tick * max) + 4:0.#}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{Escape(ReportFormat.Compact(tick * max))}</text>");
        }

        svg.Append("<polyline fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"2\" points=\"");
        for (var i = 0; i < points.Count; i++)
        {
            svg.Append(C, $"{X(i):0.#},{Y(points[i].Value):0.#} ");
        }

        svg.Append("\"/>");
        for (var i = 0; i < points.Count; i++)
        {
            svg.Append(C, $"<circle cx=\"{X(i):0.#}\" cy=\"{Y(points[i].Value):0.#}\" r=\"3\" fill=\"#1f4e9c\"><title>{Escape(points[i].Label)}: {Escape(ReportFormat.Number(points[i].Value))} {Escape(unit)}</title></circle>");
        }

        if (points.Count > 0)
        {
            svg.Append(C, $"<text x=\"{Left}\" y=\"{Height - 12}\" font-size=\"12\" fill=\"#333\">{Escape(points[0].Label)}</text>");
            svg.Append(C, $"<text x=\"{Width - Right}\" y=\"{Height - 12}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{Escape(points[^1].Label)}</text>");
        }

        svg.Append(C, $"<text x=\"{Width / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">{Escape(unit)}</text>");
        return Close(svg);
    }

    private static StringBuilder Open(string id, string title, string description, int height = Height)
    {
        var svg = new StringBuilder(2048);
        svg.Append(C, $"<svg role=\"img\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\">");
        svg.Append(C, $"<title id=\"{id}-title\">{Escape(title)}</title><desc id=\"{id}-desc\">{Escape(description)}</desc>");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
