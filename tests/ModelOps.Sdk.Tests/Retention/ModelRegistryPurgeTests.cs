using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Tests.Registry;
using ModelOps.Sdk.Tests.Scoring;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Retention;

/// <summary>
/// Purging marks a version or a document purged in the audit chain: metadata, hashes and the chain stay, the bytes are no longer
/// served, and every process that reads the journal (a restarted one included) sees it so.
/// </summary>
public sealed class ModelRegistryPurgeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(RegistryHost.Start);
    private readonly LinearFlavor _flavor = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PurgeVersionAsync_ThenRestart_StaysPurgedWithItsMetadataAndTheChainVerifies()
    {
        ModelVersion registered;
        await using (var services = Start())
        {
            var registry = services.GetRequiredService<IModelRegistry>();
            registered = await RegisterAsync(registry, bias: 1);
            await RegisterAsync(registry, bias: 2);
            _time.Advance(TimeSpan.FromDays(3));

            var purged = await registry.PurgeVersionAsync("credit", 1, "retention: beyond the last 1 version");

            Assert.Equal(new PurgeRecord(RegistryHost.Start.AddDays(3), RegistryHost.ActorName, "retention: beyond the last 1 version", purged.Sequence), purged.Purged);
        }

        await using (var restarted = Start())
        {
            var registry = restarted.GetRequiredService<IModelRegistry>();
            var version = await registry.GetVersionAsync("credit", 1);
            Assert.NotNull(version.Purged);
            Assert.Equal(RegistryHost.ActorName, version.Purged.PurgedBy);
            Assert.Equal(RegistryHost.Start.AddDays(3), version.Purged.PurgedAt);
            Assert.Equal(registered.Artifact, version.Artifact);
            Assert.Equal(registered.Metrics, version.Metrics);
            Assert.Null((await registry.GetVersionAsync("credit", 2)).Purged);

            var ex = await Assert.ThrowsAsync<ModelVersionPurgedException>(() => registry.OpenArtifactAsync("credit", 1));
            Assert.Equal("credit", ex.ModelName);
            Assert.Equal(1, ex.Version);
            Assert.Equal(RegistryHost.ActorName, ex.PurgedBy);
            Assert.Equal(RegistryHost.Start.AddDays(3), ex.PurgedAt);
            Assert.Contains("purged", ex.Message, StringComparison.Ordinal);

            var verification = await registry.VerifyAuditLogAsync("credit");
            Assert.True(verification.IsValid, string.Join("; ", verification.Violations.Select(v => v.Message)));
            var entry = (await registry.ReadAuditLogAsync("credit"))[^1];
            Assert.Equal(AuditOperations.VersionPurged, entry.Operation);
            Assert.Equal(1, entry.Version);
            Assert.Equal("retention: beyond the last 1 version", entry.Reason);
        }
    }

    [Fact]
    public async Task CreatePinnedScorerAsync_PurgedVersion_ThrowsTheTypedPurgeError()
    {
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        await RegisterAsync(registry, bias: 1);
        await registry.PurgeVersionAsync("credit", 1, "no longer needed");

        var ex = await Assert.ThrowsAsync<ModelVersionPurgedException>(
            () => services.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<LinearInput, LinearOutput>("credit", 1));

        Assert.Equal(1, ex.Version);
        Assert.Equal(0, _flavor.Loaded);
    }

    [Fact]
    public async Task PurgeVersionAsync_AnAliasPointsToIt_IsRefusedAndNothingIsAppended()
    {
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        await RegisterAsync(registry, bias: 1);
        await registry.SetAliasAsync("credit", "champion", 1);
        var length = (await registry.ReadAuditLogAsync("credit")).Count;

        var ex = await Assert.ThrowsAsync<LifecycleTransitionException>(() => registry.PurgeVersionAsync("credit", 1, "tidy up"));

        Assert.Contains("'champion'", ex.Message, StringComparison.Ordinal);
        Assert.Null((await registry.GetVersionAsync("credit", 1)).Purged);
        Assert.Equal(length, (await registry.ReadAuditLogAsync("credit")).Count);
        Assert.Equal(1, (await registry.ResolveAliasAsync("credit", "champion")).Version);
    }

    [Fact]
    public async Task SetAliasAsync_PurgedVersion_IsRefusedAndRollbackSkipsIt()
    {
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        for (var i = 0; i < 3; i++)
        {
            await RegisterAsync(registry, bias: i);
        }

        await registry.SetAliasAsync("credit", "champion", 1);
        await registry.SetAliasAsync("credit", "champion", 2);
        await registry.SetAliasAsync("credit", "champion", 3);
        await registry.PurgeVersionAsync("credit", 2, "bad build");

        await Assert.ThrowsAsync<ModelVersionPurgedException>(() => registry.SetAliasAsync("credit", "challenger", 2));
        Assert.Equal(1, (await registry.RollbackAliasAsync("credit", "champion", "INC-1")).Version);
    }

    [Fact]
    public async Task PurgeVersionAsync_PurgedTwice_ChangesNothingTheSecondTime()
    {
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        await RegisterAsync(registry, bias: 1);
        var first = await registry.PurgeVersionAsync("credit", 1, "once");
        var length = (await registry.ReadAuditLogAsync("credit")).Count;

        var second = await registry.PurgeVersionAsync("credit", 1, "twice");

        Assert.Equal(first.Purged, second.Purged);
        Assert.Equal(length, (await registry.ReadAuditLogAsync("credit")).Count);
    }

    [Fact]
    public async Task PurgeVersionAsync_WithoutReason_ThrowsNamingTheReasonField()
    {
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        await RegisterAsync(registry, bias: 1);

        var ex = await Assert.ThrowsAsync<InvalidRegistrationException>(() => registry.PurgeVersionAsync("credit", 1, " "));

        Assert.Equal("reason", ex.Field);
    }

    [Fact]
    public async Task PurgeVersionAsync_RegistryWithoutGovernance_IsRefusedAndTheRefusalAudited()
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync("credit", 1);

        var ex = await Assert.ThrowsAsync<UngovernedChangeException>(() => host.Registry.PurgeVersionAsync("credit", 1, "tidy up"));

        Assert.Equal(RegistryOperationKind.PurgeVersion, ex.Operation);
        Assert.Null((await host.Registry.GetVersionAsync("credit", 1)).Purged);
        var entry = (await host.Registry.ReadAuditLogAsync("credit"))[^1];
        Assert.Equal(AuditOperations.OperationRefused, entry.Operation);
        Assert.Contains("version.purge", entry.After!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PurgeDocumentAsync_ReadingItThrowsWhileItsMetadataStaysListed()
    {
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        await RegisterAsync(registry, bias: 1);
        var attached = await registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = "credit",
            Version = 1,
            Kind = DocumentKinds.MonitoringReport,
            Name = "daily",
            Content = Encoding.UTF8.GetBytes("{}"),
        });
        var kept = await registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = "credit",
            Version = 1,
            Kind = DocumentKinds.MonitoringReport,
            Name = "daily",
            Content = Encoding.UTF8.GetBytes("{\"day\":2}"),
        });

        var purged = await registry.PurgeDocumentAsync(attached, "older than 90 days");

        Assert.NotNull(purged.Purged);
        var ex = await Assert.ThrowsAsync<DocumentPurgedException>(() => registry.ReadDocumentAsync(attached));
        Assert.Equal("credit", ex.ModelName);
        Assert.Equal(1, ex.Version);
        Assert.Equal(RegistryHost.ActorName, ex.Purge.PurgedBy);
        var listed = await registry.ListDocumentsAsync("credit", 1, DocumentKinds.MonitoringReport);
        Assert.Equal(2, listed.Count);
        Assert.Equal(attached.Sha256, listed[0].Sha256);
        Assert.NotNull(listed[0].Purged);
        Assert.Null(listed[1].Purged);
        Assert.Equal("{\"day\":2}", Encoding.UTF8.GetString((await registry.ReadDocumentAsync(kept)).Span));
        Assert.True((await registry.VerifyAuditLogAsync("credit")).IsValid);
    }

    private ServiceProvider Start()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddModelOps()
            .UseFileSystem(_directory.Path)
            .UseActorAccessor<Alice>()
            .AddOperationGuard(new Enforcer())
            .AddFlavor(_flavor);
        return services.BuildServiceProvider();
    }

    private static Task<ModelVersion> RegisterAsync(IModelRegistry registry, double bias) => registry.RegisterAsync(new ModelVersionRegistration
    {
        ModelName = "credit",
        Flavor = "linear",
        Artifact = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"weights\":[1],\"bias\":{bias}}}")),
        Metrics = new Dictionary<string, double> { ["auc"] = 0.8 },
    });

    /// <summary>Stands in for governance: an enforcer of stored policies that allows every change.</summary>
    private sealed class Enforcer : IStoredPolicyEnforcer
    {
        public ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class Alice : IActorAccessor
    {
        public ClaimsPrincipal? Actor { get; } = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, RegistryHost.ActorName)], "test"));
    }
}
