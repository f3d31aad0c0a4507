using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Storage;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>Every value reaches the database as a parameter, and credentials never reach exceptions, logs or the audit log.</summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlSecurityTests(PostgreSqlFixture fixture)
{
    private const string Password = "S3cr3t-p@ss'word;--";

    internal static readonly string[] Hostile =
    [
        "'; DROP TABLE journal; --",
        "\"); DELETE FROM journal_head; --",
        "$1 $2 :name @p ? %s {0}",
        "' OR '1'='1",
        "\\'\\\\ \\x00 E'\\n'",
        "$$; SELECT pg_sleep(10); $$",
        "LISTEN x; NOTIFY y, 'z'",
        "日本語 ✓ 🙂 \u00e9\u0301",
    ];

    [Fact]
    public async Task Registry_NamesTagsAndReasonsFullOfSqlMetacharacters_RoundTripVerbatim_AndTheChainVerifies()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "sqlmeta");
        var (registry, _) = host.AddRegistry();
        var tags = Hostile.Select((value, i) => (Key: $"k{i}", Value: value)).ToDictionary(t => t.Key, t => t.Value);
        const string model = "o-reilly_model.v2";

        var registered = await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(model, "bytes", tags, description: string.Join('\n', Hostile)));
        await registry.SetAliasAsync(model, "champion", registered.Version, reason: Hostile[0]);
        await registry.UpdateTagsAsync(model, registered.Version, new Dictionary<string, string?> { ["note"] = Hostile[1] }, reason: Hostile[2]);

        var (other, _) = host.AddRegistry();
        var seen = await other.GetVersionAsync(model, registered.Version);
        Assert.Equal(string.Join('\n', Hostile), seen.Description);
        Assert.All(tags, t => Assert.Equal(t.Value, seen.Tags[t.Key]));
        Assert.Equal(Hostile[1], seen.Tags["note"]);
        Assert.Equal(Hostile[0], (await other.GetAliasHistoryAsync(model, "champion")).Single().Reason);
        Assert.True((await other.VerifyAuditLogAsync(model)).IsValid);
        Assert.Equal(3, await other.RefreshAsync());
    }

    [Fact]
    public async Task UnreachableServer_FailsWithStorageUnavailable_WithoutThePassword()
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = 1, // nothing listens there
            Username = "modelops",
            Password = Password,
            Database = "models",
            Timeout = 2,
        }.ConnectionString;
        await using var store = new PostgreSqlMetadataStore(new PostgreSqlStorageOptions
        {
            ConnectionString = connectionString,
            MaxRetryAttempts = 2,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await store.GetLastSequenceAsync());

        Assert.Equal(3, ex.Attempts);
        Assert.Equal("PostgreSQL 127.0.0.1:1/models, schema modelops", ex.Location);
        Assert.Contains(ex.Location, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("S3cr3t", store.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_WithABadConnectionString_FailValidationWithoutEchoingIt()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UsePostgreSql(o =>
        {
            o.ConnectionString = $"Host=db;Password={Password};NoSuchKeyword=1";
            o.Schema = "Bad-Schema";
            o.MaxRetryAttempts = 99;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelMetadataStore>());

        Assert.Contains(ex.Failures, f => f.Contains("ConnectionString cannot be parsed", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Schema is 'Bad-Schema'", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxRetryAttempts is 99", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
    }
}
