using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class ReportCommandsTests
{
    [Fact]
    public async Task Report_Registry_WritesOneSelfContainedHtmlFileAndExitsZero()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        var target = Path.Combine(registry.Directory, "out", "report.html");

        var run = await registry.RunAsAsync("auditor", string.Empty, "report", "--out", target);

        Assert.True(run.ExitCode == 0, run.ToString());
        var html = await File.ReadAllTextAsync(target);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("data-model=\"credit\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Report_UnknownModel_ExitsNotFoundAndLeavesNoFile()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        var target = Path.Combine(registry.Directory, "report.html");

        var run = await registry.RunAsAsync("auditor", string.Empty, "report", "--out", target, "--model", "nope");

        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("nope", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Theory]
    [InlineData("--from", "2025-03-02", "--to", "2025-03-01")]
    [InlineData("--from", "yesterday", "--to", "2025-03-01")]
    public async Task Report_BadPeriod_ExitsWithUsageErrorAndLeavesNoFile(string fromOption, string from, string toOption, string to)
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        var target = Path.Combine(registry.Directory, "report.html");

        var run = await registry.RunAsAsync("auditor", string.Empty, "report", "--out", target, fromOption, from, toOption, to);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Report_TimeZone_WritesEveryTimeInTheChosenZoneAndSaysSo()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        var target = Path.Combine(registry.Directory, "report.html");

        var run = await registry.RunAsAsync("auditor", string.Empty, "report", "--out", target, "--time-zone", "Asia/Kolkata", "--from", "2025-03-01");

        Assert.True(run.ExitCode == 0, run.ToString());
        var html = await File.ReadAllTextAsync(target);
        Assert.Contains("All dates and times are in Asia/Kolkata (UTC+05:30).", html, StringComparison.Ordinal);
        Assert.Contains("Period: from 2025-03-01 05:30", html, StringComparison.Ordinal);   // midnight UTC, in India
    }

    [Fact]
    public async Task Report_UnknownTimeZone_ExitsWithUsageErrorNamingTheOption_AndLeavesNoFile()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        var target = Path.Combine(registry.Directory, "report.html");

        var run = await registry.RunAsAsync("auditor", string.Empty, "report", "--out", target, "--time-zone", "Mars/Olympus_Mons");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--time-zone 'Mars/Olympus_Mons' is not a time zone", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }
}
