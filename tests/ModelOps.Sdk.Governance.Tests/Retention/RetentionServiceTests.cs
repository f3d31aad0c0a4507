using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Loops;

namespace ModelOps.Sdk.Governance.Tests.Retention;

/// <summary>Retention through the public API: policies governed and precedence, plan and apply, the purge role, documents, the loop.</summary>
public sealed class RetentionServiceTests
{
    private const string Model = RetentionHost.Model;

    private static readonly RetentionPolicyDocument KeepTwo = new() { KeepLastVersions = 2, MinimumAge = TimeSpan.FromDays(7), KeepAliasTargetsFor = TimeSpan.FromDays(30) };

    [Fact]
    public async Task ApplyAsync_WithoutThePurgeRole_IsRefusedAuditedAndNothingIsPurged()
    {
        await using var host = RetentionHost.Create(o => o.DefaultPolicy = KeepTwo);
        await RegisterOldVersionsAsync(host, 4);

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("dana", "model-deployer").Retention.ApplyAsync(Model, "quarterly clean-up"));

        Assert.Equal(GovernanceRefusalException.Rules.Authorization, refused.Rule);
        Assert.Equal("model-admin", refused.RequiredRole);
        var versions = (await host.Registry.ListVersionsAsync(Model)).Items;
        Assert.All(versions, v => Assert.Null(v.Purged));
        var entry = (await host.Registry.ReadAuditLogAsync(Model))[^1];
        Assert.Equal(AuditOperations.OperationRefused, entry.Operation);
        Assert.Equal("dana", entry.Actor);
        Assert.Equal("version.purge", JsonSerializer.Deserialize<Dictionary<string, string>>(entry.After!)!["operation"]);
    }

    [Fact]
    public async Task ApplyAsync_AsAnAdministrator_PurgesWhatThePlanSelectedWithItsRuleAndTheChainVerifies()
    {
        await using var host = RetentionHost.Create(o => o.DefaultPolicy = KeepTwo);
        await RegisterOldVersionsAsync(host, 5);
        await host.As("dana").Registry.SetAliasAsync(Model, "blue", 1);
        await host.ApproveAsync(2);

        var plan = await host.As("adam", "model-admin").Retention.PlanAsync(Model);
        Assert.Equal([3], plan.ToPurge.Select(d => d.Version!.Value));
        Assert.Contains(RetentionRules.InProduction, plan.Decisions.Single(d => d.Version == 1 && d.Document is null).Rules);
        Assert.Contains(RetentionRules.Approved, plan.Decisions.Single(d => d.Version == 2 && d.Document is null).Rules);
        Assert.Contains("not among the last 2 versions", plan.ToPurge[0].Explanation, StringComparison.Ordinal);
        Assert.All(await ListVersionsAsync(host), v => Assert.Null(v.Purged)); // a plan changes nothing

        var result = await host.Retention.ApplyAsync(Model, "quarterly clean-up");

        Assert.Equal([3], result.Purged.Select(d => d.Version!.Value));
        var purged = await host.Registry.GetVersionAsync(Model, 3);
        Assert.Equal("adam", purged.Purged!.PurgedBy);
        Assert.Contains("quarterly clean-up", purged.Purged.Reason, StringComparison.Ordinal);
        Assert.Contains("the configured default retention policy", purged.Purged.Reason, StringComparison.Ordinal);
        Assert.Contains(RetentionRules.NoKeepRule, purged.Purged.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ModelVersionPurgedException>(() => host.Registry.OpenArtifactAsync(Model, 3));
        Assert.True((await host.Registry.VerifyAuditLogAsync(Model)).IsValid);
        Assert.Empty((await host.Retention.PlanAsync(Model)).ToPurge);
    }

    [Fact]
    public async Task PlanAsync_NoPolicyAnywhere_PlansNothing()
    {
        await using var host = RetentionHost.Create();
        await RegisterOldVersionsAsync(host, 20);

        var plan = await host.Retention.PlanAsync();

        Assert.Equal(RetentionPolicySource.None, Assert.Single(plan.Policies).Source);
        Assert.Empty(plan.Decisions);
    }

    [Fact]
    public async Task GetPolicyAsync_StoredModelPolicy_WinsOverTheStoredDefaultWhichWinsOverTheConfiguredOne()
    {
        await using var host = RetentionHost.Create(o => o.DefaultPolicy = KeepTwo);
        await host.RegisterAsync();
        await host.RegisterAsync("fraud");
        Assert.Equal(RetentionPolicySource.ConfiguredDefaultPolicy, (await host.Retention.GetPolicyAsync(Model)).Source);

        await host.As("adam", "model-admin").Retention.SetPolicyAsync(null, new RetentionPolicyDocument { KeepLastVersions = 5 }, "house default");
        var stored = await host.Retention.SetPolicyAsync(Model, new RetentionPolicyDocument { KeepLastVersions = 50 }, "CR-17: keep credit longer");

        var credit = await host.Retention.GetPolicyAsync(Model);
        Assert.Equal(RetentionPolicySource.StoredModelPolicy, credit.Source);
        Assert.Equal(50, credit.Policy!.KeepLastVersions);
        Assert.Equal(stored.StoredRevision, credit.StoredRevision);
        var fraud = await host.Retention.GetPolicyAsync("fraud");
        Assert.Equal(RetentionPolicySource.StoredDefaultPolicy, fraud.Source);
        Assert.Equal(5, fraud.Policy!.KeepLastVersions);
        var entry = (await host.Registry.ReadAuditLogAsync(Model))[^1];
        Assert.Equal(AuditOperations.DocumentAttached, entry.Operation);
        Assert.Equal("CR-17: keep credit longer", entry.Reason);
    }

    [Fact]
    public async Task SetPolicyAsync_WithoutTheChangePolicyRole_IsRefusedAndAudited()
    {
        await using var host = RetentionHost.Create();
        await host.RegisterAsync();

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(
            () => host.As("dana", "model-deployer").Retention.SetPolicyAsync(Model, new RetentionPolicyDocument(), "tidy"));

        Assert.Equal(GovernanceRefusalException.Rules.Authorization, refused.Rule);
        Assert.Equal(RetentionPolicySource.None, (await host.Retention.GetPolicyAsync(Model)).Source);
        Assert.Equal(AuditOperations.OperationRefused, (await host.Registry.ReadAuditLogAsync(Model))[^1].Operation);
    }

    [Fact]
    public async Task AttachDocumentAsync_RetentionPolicyDirectly_IsRefusedEvenForAnAdministrator()
    {
        await using var host = RetentionHost.Create();
        await host.RegisterAsync();

        var refused = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("adam", "model-admin").Registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = Model,
            Kind = DocumentKinds.RetentionPolicy,
            Name = "retention",
            Content = Encoding.UTF8.GetBytes("""{"keepLastVersions":0}"""),
        }));

        Assert.Equal(GovernanceRefusalException.Rules.PolicyDocument, refused.Rule);
    }

    [Fact]
    public async Task FromJson_InvalidOrMisspelledFields_ThrowsNamingEveryField()
    {
        var invalid = Assert.Throws<InvalidRetentionPolicyException>(() => RetentionPolicyDocument.FromJson(
            """{"keepLastVersions":0,"minimumAge":"-1.00:00:00","monitoringReports":{"maxAge":null,"keepLast":0}}"""));
        Assert.Contains(invalid.Errors, e => e.StartsWith("keepLastVersions:", StringComparison.Ordinal));
        Assert.Contains(invalid.Errors, e => e.StartsWith("minimumAge:", StringComparison.Ordinal));
        Assert.Contains(invalid.Errors, e => e.StartsWith("monitoringReports.keepLast:", StringComparison.Ordinal));

        var typo = Assert.Throws<InvalidRetentionPolicyException>(() => RetentionPolicyDocument.FromJson("""{"keepLastVersion":3}"""));
        Assert.Contains("keepLastVersion", typo.Message, StringComparison.Ordinal);

        var read = RetentionPolicyDocument.FromJson("""{"KeepLastVersions":3,"keepAliasTargetsFor":"14.00:00:00"}""");
        Assert.Equal(3, read.KeepLastVersions);
        Assert.Equal(TimeSpan.FromDays(14), read.KeepAliasTargetsFor);
        Assert.Equal(new RetentionPolicyDocument().MonitoringReports, read.MonitoringReports);
        Assert.Equal(read, RetentionPolicyDocument.FromJson(read.ToUtf8Json()));
    }

    [Fact]
    public async Task ApplyAsync_MonitoringReports_PurgesBeyondTheLimitsButKeepsTheLatestRevisionTheValidationReportAndTheHistoryWindow()
    {
        await using var host = RetentionHost.Create(o =>
        {
            o.DefaultPolicy = KeepTwo with { MonitoringReports = new DocumentRetention(TimeSpan.FromDays(30), 3) };
            o.ReportHistoryWindow = TimeSpan.FromDays(2);
        });
        await host.RegisterAsync();
        await AttachAsync(host, "validation", 1);
        for (var day = 0; day < 6; day++)
        {
            await AttachAsync(host, "daily", 1);
            host.Time.Advance(TimeSpan.FromDays(1));
        }

        // Six daily revisions, attached 6 to 1 days ago: the three newest are within keepLast 3; the history window (2 days) keeps
        // the ones from 1 and 2 days ago anyway; the oldest three go. The validation report, older than the limit, stays.
        var result = await host.As("adam", "model-admin").Retention.ApplyAsync(Model, "reports clean-up");

        var documents = await host.Registry.ListDocumentsAsync(Model, 1, DocumentKinds.MonitoringReport);
        Assert.Equal([1, 2, 3], documents.Where(d => d.Purged is not null).Select(d => d.Revision).Order());
        Assert.All(result.Purged, d => Assert.Contains(RetentionRules.DocumentKeepLast, d.Rules));
        Assert.Null(documents.Single(d => d.Name == "validation").Purged);
        var daily1 = documents.Single(d => d.Name == "daily" && d.Revision == 1);
        var ex = await Assert.ThrowsAsync<DocumentPurgedException>(() => host.Registry.ReadDocumentAsync(daily1));
        Assert.Equal("adam", ex.Purge.PurgedBy);
        Assert.True((await host.Registry.VerifyAuditLogAsync(Model)).IsValid);
    }

    [Fact]
    public async Task ApplyAsync_ScorerTelemetrySeries_PurgesSupersededRevisionsAtOnceAndTheLatestOnlyPastItsMaxAge()
    {
        await using var host = RetentionHost.Create(o => o.DefaultPolicy = KeepTwo with { ScorerTelemetry = new DocumentRetention(TimeSpan.FromDays(30), 100) });
        await host.RegisterAsync();

        // Two series of three revisions each: one 40 days old (past maxAge), one from today.
        for (var revision = 0; revision < 3; revision++)
        {
            await AttachSeriesAsync(host, "scorer-telemetry.host-a.run1.20260101T0000Z");
        }

        host.Time.Advance(TimeSpan.FromDays(40));
        for (var revision = 0; revision < 3; revision++)
        {
            await AttachSeriesAsync(host, "scorer-telemetry.host-a.run1.20260210T0000Z");
        }

        var result = await host.As("adam", "model-admin").Retention.ApplyAsync(Model, "telemetry clean-up");

        var documents = await host.Registry.ListDocumentsAsync(Model, 1, DocumentKinds.ScorerTelemetrySeries);
        var old = documents.Where(static d => d.Name.EndsWith("20260101T0000Z", StringComparison.Ordinal)).ToList();
        var today = documents.Where(static d => d.Name.EndsWith("20260210T0000Z", StringComparison.Ordinal)).ToList();
        Assert.All(old, static d => Assert.NotNull(d.Purged));
        Assert.Equal([3], today.Where(static d => d.Purged is null).Select(static d => d.Revision));
        Assert.Equal(4, result.Purged.Count(static d => d.Rules.Contains(RetentionRules.SupersededRevision)));
        Assert.Single(result.Purged, static d => d.Rules.Contains(RetentionRules.DocumentMaxAge));
        Assert.True((await host.Registry.VerifyAuditLogAsync(Model)).IsValid);
    }

    [Fact]
    public async Task PurgeDocumentAsync_GovernanceEvidence_IsRefusedWithTheRetentionEvidenceRule()
    {
        await using var host = RetentionHost.Create();
        await host.RegisterAsync();
        await host.ApproveAsync(1);
        var approval = (await host.Registry.ListDocumentsAsync(Model, 1, DocumentKinds.Approval))[0];
        await AttachAsync(host, "validation", 1);
        await AttachAsync(host, "validation", 1);
        var validation = (await host.Registry.ListDocumentsAsync(Model, 1, DocumentKinds.MonitoringReport))[0];

        var first = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.As("adam", "model-admin").Registry.PurgeDocumentAsync(approval, "tidy"));
        var second = await Assert.ThrowsAsync<GovernanceRefusalException>(() => host.Registry.PurgeDocumentAsync(validation, "tidy"));

        Assert.Equal(GovernanceRefusalException.Rules.RetentionEvidence, first.Rule);
        Assert.Equal(GovernanceRefusalException.Rules.RetentionEvidence, second.Rule);
        Assert.Null((await host.Registry.ListDocumentsAsync(Model, 1, DocumentKinds.Approval))[0].Purged);
    }

    [Fact]
    public async Task RetentionLoop_Enabled_AppliesAtStartAndAfterEachInterval()
    {
        await using var host = RetentionHost.Create(o =>
        {
            o.DefaultPolicy = KeepTwo;
            o.LoopEnabled = true;
            o.LoopInterval = TimeSpan.FromDays(1);
        });
        await RegisterOldVersionsAsync(host, 3);
        host.As("retention-bot", "model-admin");
        var loop = host.Services.GetServices<IModelOpsLoop>().Single(l => l.Name == "governance:retention");

        await loop.StartAsync(CancellationToken.None);

        Assert.NotNull((await host.Registry.GetVersionAsync(Model, 1)).Purged);
        Assert.Null(loop.Status.LastError);
        await host.RegisterAsync(); // version 2 falls out of the last two; the next run purges it
        host.As("retention-bot", "model-admin");

        // The loop may not have started waiting for its interval yet: each check lets another interval pass.
        await WaitUntilAsync(async () =>
        {
            host.Time.Advance(TimeSpan.FromDays(1));
            return (await host.Registry.GetVersionAsync(Model, 2)).Purged is not null;
        });
        await loop.StopAsync(CancellationToken.None);
        Assert.Equal("scheduled retention", (await host.Registry.GetVersionAsync(Model, 2)).Purged!.Reason![.."scheduled retention".Length]);
    }

    [Fact]
    public async Task RetentionLoop_ByDefault_DoesNothing()
    {
        await using var host = RetentionHost.Create(o => o.DefaultPolicy = KeepTwo);
        await RegisterOldVersionsAsync(host, 3);
        var loop = host.Services.GetServices<IModelOpsLoop>().Single(l => l.Name == "governance:retention");

        await loop.StartAsync(CancellationToken.None);
        await loop.StopAsync(CancellationToken.None);

        Assert.Null(loop.Status.LastRunAt);
        Assert.All(await ListVersionsAsync(host), v => Assert.Null(v.Purged));
    }

    /// <summary>Registers versions and lets 60 days pass, so only the policy's other rules keep them.</summary>
    private static async Task RegisterOldVersionsAsync(RetentionHost host, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await host.RegisterAsync();
        }

        host.Time.Advance(TimeSpan.FromDays(60));
    }

    private static async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(RetentionHost host) => (await host.Registry.ListVersionsAsync(Model)).Items;

    private static Task<ModelDocument> AttachAsync(RetentionHost host, string name, int version) => host.As("monitor").Registry.AttachDocumentAsync(new DocumentAttachment
    {
        ModelName = Model,
        Version = version,
        Kind = DocumentKinds.MonitoringReport,
        Name = name,
        Content = Encoding.UTF8.GetBytes($$"""{"name":"{{name}}","at":"{{host.Time.GetUtcNow():O}}"}"""),
    });

    private static Task<ModelDocument> AttachSeriesAsync(RetentionHost host, string name) => host.As("monitor").Registry.AttachDocumentAsync(new DocumentAttachment
    {
        ModelName = Model,
        Version = 1,
        Kind = DocumentKinds.ScorerTelemetrySeries,
        Name = name,
        MediaType = "application/json",
        Content = Encoding.UTF8.GetBytes("{}"),
    });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 60 seconds");
            await Task.Delay(20);
        }
    }
}
