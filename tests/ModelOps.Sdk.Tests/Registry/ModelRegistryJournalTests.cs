using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>How the registry folds and extends the journal: clock steps, entries from newer libraries, unreadable entries, cancellation, disposal.</summary>
public sealed class ModelRegistryJournalTests
{
    [Fact]
    public async Task AliasChanges_ClockStepsBack_KeepTimestampsNonDecreasingSoPointInTimeHasOneAnswer()
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync("credit", 2);
        host.Time.Advance(TimeSpan.FromHours(1));
        var first = await host.Registry.SetAliasAsync("credit", "champion", 1);
        host.Time.AdjustTime(RegistryHost.Start.AddMinutes(10));
        var second = await host.Registry.SetAliasAsync("credit", "champion", 2);

        Assert.True(second.UpdatedAt >= first.UpdatedAt);
        var log = await host.Registry.ReadAuditLogAsync("credit");
        Assert.True(log.Zip(log.Skip(1)).All(p => p.Second.Timestamp >= p.First.Timestamp));
        Assert.Equal(2, await host.Registry.ResolveAliasAtAsync("credit", "champion", second.UpdatedAt));
        Assert.True((await host.Registry.VerifyAuditLogAsync("credit")).IsValid);
    }

    [Fact]
    public async Task Registry_EntryOfAKindFromANewerLibrary_IsSkippedInTheFoldButKeptInTheChain()
    {
        var metadata = new InMemoryMetadataStore();
        await using var host = RegistryHost.Create(metadata);
        await host.RegisterVersionsAsync("credit", 1);
        var head = (await host.Registry.ReadAuditLogAsync("credit"))[^1];
        var future = new JournalEntry
        {
            Scope = "credit",
            Index = 1,
            Timestamp = RegistryHost.Start,
            Kind = "version.signed-off",
            Payload = "{\"actor\":\"bob\",\"extra\":{\"x\":1}}",
            PreviousHash = head.Hash,
            Hash = AuditChain.ComputeHash("credit", 1, RegistryHost.Start, "version.signed-off", "{\"actor\":\"bob\",\"extra\":{\"x\":1}}", head.Hash),
        };
        Assert.True((await metadata.AppendAsync("credit", 1, [future])).IsCommitted);
        await host.Registry.RefreshAsync();

        var second = await host.Registry.RegisterAsync(RegistryHost.Registration("credit"));

        Assert.Equal(2, second.Version);
        var log = await host.Registry.ReadAuditLogAsync("credit");
        Assert.Equal(["version.registered", "version.signed-off", "version.registered"], log.Select(e => e.Operation));
        Assert.Equal("bob", log[1].Actor);
        Assert.True((await host.Registry.VerifyAuditLogAsync("credit")).IsValid);
    }

    [Fact]
    public async Task Registry_UnreadableJournalEntry_LogsAnErrorNamingItAndKeepsServing()
    {
        var metadata = new InMemoryMetadataStore();
        var logs = new CapturingLoggerFactory();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(RegistryHost.Start));
        services.AddSingleton<ILoggerFactory>(logs);
        services.AddModelOps().UseMetadataStore(_ => metadata).UseArtifactStore(_ => new InMemoryArtifactStore());
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(RegistryHost.Registration("credit"));
        var head = (await registry.ReadAuditLogAsync("credit"))[^1];
        var garbage = new JournalEntry
        {
            Scope = "credit",
            Index = 1,
            Timestamp = RegistryHost.Start,
            Kind = "alias.moved",
            Payload = "{not json",
            PreviousHash = head.Hash,
            Hash = AuditChain.ComputeHash("credit", 1, RegistryHost.Start, "alias.moved", "{not json", head.Hash),
        };
        Assert.True((await metadata.AppendAsync("credit", 1, [garbage])).IsCommitted);

        await registry.RefreshAsync();
        var next = await registry.RegisterAsync(RegistryHost.Registration("credit"));

        Assert.Equal(2, next.Version);
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("'credit'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1", error.Message, StringComparison.Ordinal);
        Assert.Equal("(unreadable)", (await registry.ReadAuditLogAsync("credit"))[1].Actor);
    }

    [Fact]
    public async Task RegisterAsync_Cancelled_LeavesNoVersionBehind()
    {
        await using var host = RegistryHost.Create();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Registry.RegisterAsync(RegistryHost.Registration("credit"), cancellation.Token));

        Assert.Equal(0, await host.Metadata.GetLastSequenceAsync());
        Assert.Empty(await host.Registry.ListModelsAsync());
    }

    [Fact]
    public async Task Registry_AfterDisposal_ThrowsObjectDisposedException()
    {
        var host = RegistryHost.Create();
        await host.RegisterVersionsAsync("credit", 1);
        var registry = host.Registry;
        await host.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => registry.RegisterAsync(RegistryHost.Registration("credit")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await registry.ResolveAliasAsync("credit", "champion"));
        Assert.Throws<ObjectDisposedException>(() => registry.GetAliasChangeToken("credit", "champion"));
    }

    [Fact]
    public async Task AuditOperations_InvalidOrUnknownScope_ThrowOrReturnEmpty()
    {
        await using var host = RegistryHost.Create();

        await Assert.ThrowsAsync<InvalidModelNameException>(async () => await host.Registry.ReadAuditLogAsync("../etc"));
        await Assert.ThrowsAsync<InvalidModelNameException>(() => host.Registry.VerifyAuditLogAsync("$other"));
        Assert.Empty(await host.Registry.ReadAuditLogAsync("never-written"));
        Assert.True((await host.Registry.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
        Assert.Equal(-1, (await host.Registry.ExportAuditAnchorAsync("never-written")).Index);
    }
}
