using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Audit;

/// <summary>
/// Attacks on the filesystem store's journal file itself, by a later process that opens it: dropping the last lines is caught by
/// the anchors the registry keeps in a second directory, and removed, reordered or duplicated lines are journal corruption.
/// </summary>
public sealed class JournalTamperOnDiskTests : IDisposable
{
    private const string Model = "credit";
    private readonly TemporaryDirectory _store = new();
    private readonly TemporaryDirectory _anchors = new();

    public void Dispose()
    {
        _store.Dispose();
        _anchors.Dispose();
    }

    [Fact]
    public async Task VerifyAuditLogAsync_LastJournalLinesDropped_WithoutAnchors_VerifiesAsValidAndTheChampionReverts()
    {
        // The reported finding, kept as the baseline: without an anchor kept elsewhere, truncation leaves a valid shorter chain.
        await WriteHistoryAsync(anchorDirectory: null);
        DropLastLines(1);

        await using var provider = Open(anchorDirectory: null);
        var registry = provider.GetRequiredService<IModelRegistry>();
        var result = await registry.VerifyAuditLogAsync(Model);

        Assert.True(result.IsValid);
        Assert.Equal(2, (await registry.ResolveAliasAsync(Model, "champion")).Version);
    }

    [Fact]
    public async Task VerifyAuditLogAsync_LastJournalLinesDropped_WithAnchorDirectory_ReportsTruncation()
    {
        await WriteHistoryAsync(_anchors.Path);
        DropLastLines(1);

        await using var provider = Open(_anchors.Path);
        var result = await provider.GetRequiredService<IModelRegistry>().VerifyAuditLogAsync(Model);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(AuditViolationKind.Truncated, violation.Kind);
        Assert.Contains("index 4", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAuditLogAsync_JournalCutInsideItsLastLine_WithAnchorDirectory_ReportsTruncation()
    {
        // A cut inside the last line looks like a writer killed mid-append, which readers ignore: only the anchor tells them apart.
        await WriteHistoryAsync(_anchors.Path);
        var bytes = await File.ReadAllBytesAsync(_store.JournalFile);
        await File.WriteAllBytesAsync(_store.JournalFile, bytes[..^20]);

        await using var provider = Open(_anchors.Path);
        var result = await provider.GetRequiredService<IModelRegistry>().VerifyAuditLogAsync(Model);

        Assert.Equal(AuditViolationKind.Truncated, Assert.Single(result.Violations).Kind);
    }

    [Fact]
    public async Task VerifyAuditLogAsync_JournalReplacedByAnEmptyFile_WithAnchorDirectory_ReportsTruncation()
    {
        await WriteHistoryAsync(_anchors.Path);
        await File.WriteAllBytesAsync(_store.JournalFile, []);

        await using var provider = Open(_anchors.Path);
        var result = await provider.GetRequiredService<IModelRegistry>().VerifyAuditLogAsync(Model);

        Assert.Equal(AuditViolationKind.Truncated, Assert.Single(result.Violations).Kind);
    }

    [Fact]
    public async Task VerifyAuditLogAsync_TwoJournalLinesSwapped_ThrowsJournalCorruptExceptionNamingTheLine()
    {
        await WriteHistoryAsync(_anchors.Path);
        var lines = JournalLines();
        (lines[1], lines[2]) = (lines[2], lines[1]);
        WriteLines(lines);

        await using var provider = Open(_anchors.Path);
        var ex = await Assert.ThrowsAsync<JournalCorruptException>(() => provider.GetRequiredService<IModelRegistry>().VerifyAuditLogAsync(Model));

        Assert.Equal(2, ex.Line);
        Assert.Equal(_store.JournalFile, ex.Location);
    }

    [Fact]
    public async Task VerifyAuditLogAsync_JournalLineDuplicated_ThrowsJournalCorruptException()
    {
        await WriteHistoryAsync(_anchors.Path);
        var lines = JournalLines();
        lines.Insert(3, lines[2]);
        WriteLines(lines);

        await using var provider = Open(_anchors.Path);
        var ex = await Assert.ThrowsAsync<JournalCorruptException>(() => provider.GetRequiredService<IModelRegistry>().VerifyAuditLogAsync(Model));

        Assert.Equal(4, ex.Line);
    }

    [Fact]
    public async Task AnchorDirectory_EveryThirdChange_KeepsOnlyTheLatestMultiple()
    {
        await WriteHistoryAsync(_anchors.Path, every: 3);

        var sink = new FileSystemAuditAnchorSink(_anchors.Path);
        var anchor = await sink.ReadLatestAsync(Model);

        // Five entries (indexes 0-4): the anchor was written when the length reached 3, at index 2, and not since.
        Assert.Equal(2, anchor!.Index);
        Assert.Single(Directory.GetFiles(Path.Combine(_anchors.Path, Model)));
        await using var provider = Open(_anchors.Path, every: 3);
        var log = await provider.GetRequiredService<IModelRegistry>().ReadAuditLogAsync(Model);
        Assert.Equal(log[2].Hash, anchor.Hash);
    }

    [Fact]
    public async Task FileSystemAuditAnchorSink_OlderAnchorWrittenAfterANewerOne_DoesNotReplaceIt()
    {
        var sink = new FileSystemAuditAnchorSink(_anchors.Path);
        await sink.WriteAsync(new AuditAnchor(Model, 7, new string('b', 64), null, null, DateTimeOffset.UnixEpoch));
        await sink.WriteAsync(new AuditAnchor(Model, 5, new string('a', 64), null, null, DateTimeOffset.UnixEpoch));

        var latest = await sink.ReadLatestAsync(Model);

        Assert.Equal((7L, new string('b', 64)), (latest!.Index, latest.Hash));
        Assert.Null(await sink.ReadLatestAsync("other"));
    }

    [Fact]
    public async Task RegisterAsync_AnchorSinkFails_TheChangeIsStillCommittedAndReturned()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_store.Path).UseAuditAnchorSink(_ => new FailingSink());
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();

        var version = await registry.RegisterAsync(Registration());

        Assert.Equal(1, version.Version);
        Assert.True((await registry.VerifyAuditLogAsync(Model)).IsValid);
    }

    private static ModelVersionRegistration Registration() => new()
    {
        ModelName = Model,
        Flavor = "custom",
        Artifact = new MemoryStream(Guid.NewGuid().ToByteArray()),
    };

    /// <summary>Five entries in the model's chain: three versions, champion on 2 and then on 3.</summary>
    private async Task WriteHistoryAsync(string? anchorDirectory, int every = 1)
    {
        await using var provider = Open(anchorDirectory, every);
        var registry = provider.GetRequiredService<IModelRegistry>();
        for (var i = 0; i < 3; i++)
        {
            await registry.RegisterAsync(Registration());
        }

        await registry.SetAliasAsync(Model, "champion", 2, reason: "promote");
        await registry.SetAliasAsync(Model, "champion", 3, reason: "promote");
    }

    private ServiceProvider Open(string? anchorDirectory, int every = 1)
    {
        var services = new ServiceCollection();
        services.AddModelOps(o =>
        {
            o.AuditAnchorDirectory = anchorDirectory;
            o.AuditAnchorEvery = every;
        }).UseFileSystem(_store.Path);
        return services.BuildServiceProvider();
    }

    private List<string> JournalLines() =>
        [.. File.ReadAllText(_store.JournalFile).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private void WriteLines(List<string> lines) =>
        File.WriteAllText(_store.JournalFile, string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false));

    private void DropLastLines(int count)
    {
        var lines = JournalLines();
        WriteLines(lines[..^count]);
    }

    private sealed class FailingSink : IAuditAnchorSink
    {
        public Task WriteAsync(AuditAnchor anchor, CancellationToken cancellationToken = default) =>
            throw new IOException("the anchor volume is full");

        public Task<AuditAnchor?> ReadLatestAsync(string scope, CancellationToken cancellationToken = default) =>
            Task.FromResult<AuditAnchor?>(null);
    }
}
