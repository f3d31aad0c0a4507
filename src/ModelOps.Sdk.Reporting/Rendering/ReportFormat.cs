using System.Globalization;

namespace ModelOps.Sdk.Reporting;

/// <summary>How the report writes dates and numbers: invariant culture, dates in the chosen zone, units spelled out.</summary>
internal static class ReportFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Day(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone).ToString("d MMMM yyyy", C);

    public static string Time(DateTimeOffset time, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm", C);

    public static string Percent(double share) => (share * 100).ToString("0.0", C) + "%";

    public static string Count(long count) => count.ToString("N0", C);

    public static string Number(double value) => double.IsFinite(value) ? value.ToString("0.####", C) : value.ToString(C);

    public static string Compact(double value) => value >= 10 ? value.ToString("N0", C) : value.ToString("0.##", C);

    public static string Signed(double value, string format) => (value >= 0 ? "+" : string.Empty) + value.ToString(format, C);

    public static string Zone(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : $"{zone.Id} (UTC{(zone.BaseUtcOffset >= TimeSpan.Zero ? "+" : "-")}{zone.BaseUtcOffset:hh\\:mm})";
}
