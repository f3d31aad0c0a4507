using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

public sealed class AuditCommandsTests
{
    [Fact]
    public async Task Verify_IntactRegistry_ExitsZeroAndListsEveryFile()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        await registry.RegisterAsync("credit", auc: 0.91);

        var run = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Json();
        Assert.True(report.GetProperty("valid").GetBoolean());
        Assert.True(report.GetProperty("auditEntries").GetInt64() >= 2);
        Assert.Equal([1, 2], report.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Verify_TamperedArtifact_ExitsWithIntegrityFailureNamingTheVersion()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        var second = await registry.RegisterAsync("credit", auc: 0.91);
        var show = await registry.RunAsAsync("auditor", string.Empty, "versions", "show", "credit", $"{second}", "--json");
        var sha256 = show.Json().GetProperty("artifact").GetProperty("sha256").GetString()!;
        var blob = Directory.EnumerateFiles(registry.StorePath, "*", SearchOption.AllDirectories).Single(f => Path.GetFileName(f) == sha256);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.SetAttributes(blob, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[0] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes);

        var run = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit", "--json");
        var text = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit");

        Assert.True(run.ExitCode == 4, run.ToString());
        var report = run.Json();
        Assert.False(report.GetProperty("valid").GetBoolean());
        var corrupt = Assert.Single(report.GetProperty("files").EnumerateArray(), f => !f.GetProperty("valid").GetBoolean());
        Assert.Equal(second, corrupt.GetProperty("version").GetInt32());
        Assert.Contains(sha256, corrupt.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, text.ExitCode);
        Assert.Contains("CORRUPT", text.Output, StringComparison.Ordinal);
    }
}
