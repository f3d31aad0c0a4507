using System.Text;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task VerifyWithAnchor_LastJournalLineDroppedAfterTheAnchorWasExported_ExitsWithIntegrityFailureReportingTruncation()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        await registry.RegisterAsync("credit", auc: 0.91);
        var anchorFile = Path.Combine(registry.Directory, "kept", "credit.anchor.json");
        var export = await registry.RunAsAsync("auditor", string.Empty, "audit", "anchor", "export", "credit", "--output", anchorFile);
        var printed = await registry.RunAsAsync("auditor", string.Empty, "audit", "anchor", "export", "credit");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Equal(1, printed.Json().GetProperty("index").GetInt64());
        var before = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit", "--anchor", anchorFile);
        DropLastJournalLines(registry, 1);

        var plain = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit");
        var anchored = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit", "--anchor", anchorFile, "--json");

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.True(plain.ExitCode == 0, "without an anchor a shorter chain is valid: " + plain);
        Assert.True(anchored.ExitCode == 4, anchored.ToString());
        var violation = Assert.Single(anchored.Json().GetProperty("violations").EnumerateArray());
        Assert.Equal("truncated", violation.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Verify_AnchorDirectoryConfigured_LastJournalLineDropped_ExitsWithIntegrityFailureWithoutAnAnchorArgument()
    {
        using var registry = new TemporaryRegistry();
        var anchors = Path.Combine(registry.Directory, "anchors");
        await RegisterWithAnchorsAsync(registry, anchors, count: 3);
        DropLastJournalLines(registry, 1);

        var run = await registry.RunAsync(
            new Dictionary<string, string> { ["MODELOPS_MODELOPS__AUDITANCHORDIRECTORY"] = anchors },
            "audit", "verify", "credit", "--json");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Equal("truncated", Assert.Single(run.Json().GetProperty("violations").EnumerateArray()).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("reorder")]
    [InlineData("duplicate")]
    [InlineData("remove")]
    public async Task Verify_JournalLinesReorderedDuplicatedOrRemoved_ExitsWithIntegrityFailureNamingTheJournalLine(string attack)
    {
        using var registry = new TemporaryRegistry();
        for (var i = 0; i < 4; i++)
        {
            await registry.RegisterAsync("credit", auc: 0.9);
        }

        var journal = JournalFile(registry);
        var lines = File.ReadAllText(journal).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        switch (attack)
        {
            case "reorder":
                (lines[1], lines[2]) = (lines[2], lines[1]);
                break;
            case "duplicate":
                lines.Insert(2, lines[1]);
                break;
            default:
                lines.RemoveAt(1);
                break;
        }

        File.WriteAllText(journal, string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false));

        var run = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit");

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("journal.jsonl", run.Error, StringComparison.Ordinal);
        Assert.Contains("line", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithAnchor_AnchorOfAnotherModel_IsAUsageError()
    {
        using var registry = new TemporaryRegistry();
        await registry.RegisterAsync("credit", auc: 0.9);
        await registry.RegisterAsync("fraud", auc: 0.9);
        var anchorFile = Path.Combine(registry.Directory, "fraud.anchor.json");
        Assert.Equal(0, (await registry.RunAsAsync("auditor", string.Empty, "audit", "anchor", "export", "fraud", "-o", anchorFile)).ExitCode);

        var run = await registry.RunAsAsync("auditor", string.Empty, "audit", "verify", "credit", "--anchor", anchorFile);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("'fraud'", run.Error, StringComparison.Ordinal);
    }

    private static string JournalFile(TemporaryRegistry registry) => Path.Combine(registry.StorePath, "journal", "journal.jsonl");

    private static void DropLastJournalLines(TemporaryRegistry registry, int count)
    {
        var journal = JournalFile(registry);
        var lines = File.ReadAllText(journal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        File.WriteAllText(journal, string.Concat(lines[..^count].Select(l => l + "\n")), new UTF8Encoding(false));
    }

    /// <summary>Registers versions in process with the same anchor directory the tool is then configured with, as a host would.</summary>
    private static async Task RegisterWithAnchorsAsync(TemporaryRegistry registry, string anchors, int count)
    {
        var services = new ServiceCollection();
        services.AddModelOps(o => o.AuditAnchorDirectory = anchors).UseFileSystem(registry.StorePath);
        await using var provider = services.BuildServiceProvider();
        var models = provider.GetRequiredService<IModelRegistry>();
        for (var i = 0; i < count; i++)
        {
            await models.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "credit",
                Flavor = "custom",
                Artifact = new MemoryStream(Guid.NewGuid().ToByteArray()),
            });
        }
    }
}
