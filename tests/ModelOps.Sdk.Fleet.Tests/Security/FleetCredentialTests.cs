using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Fleet.Tests.Infrastructure;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using Npgsql;

namespace ModelOps.Sdk.Fleet.Tests.Security;

/// <summary>
/// A fleet configured with a password in its PostgreSQL connection string and static S3 credentials never writes either to logs,
/// exceptions, store descriptions or the audit log, in normal operation and in the failures that produce the most text (a dropped
/// notification connection, both servers unreachable).
/// </summary>
[Collection(FleetServers.Name)]
public sealed class FleetCredentialTests(PostgreSqlFixture postgres, S3ServerFixture s3)
{
    private const string Password = "Pg-S3cr3t-f1eet;'\"pw";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PasswordAndSecretKey_NeverReachLogsExceptionsStoreLocationsOrTheAuditLog()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using FleetHost fleet = await FleetHost.CreateAsync(postgres, s3, "secrets");
        var logs = new CollectingLoggerFactory();

        // The test server trusts every connection, so the password is accepted and carried in every connection the store opens;
        // Persist Security Info keeps it in the data source's own connection string too, the harder case for the store.
        string withPassword = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = Password, PersistSecurityInfo = true }.ConnectionString;
        var (registry, services) = fleet.AddInstance(logs, withPassword);
        ModelVersion version = await registry.RegisterAsync(FleetHost.Registration("credit", "weights"), deadline.Token);
        await registry.SetAliasAsync("credit", "champion", version.Version, "first release", deadline.Token);
        await registry.UpdateTagsAsync("credit", version.Version, new Dictionary<string, string?> { ["owner"] = "risk" }, "ownership", deadline.Token);

        // The notification connection is dropped by the server: the store logs the fault and reconnects.
        var store = FleetHost.MetadataStore(services);
        await using (var terminate = postgres.DataSource.CreateCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name"))
        {
            terminate.Parameters.AddWithValue("name", $"modelops-listener:{fleet.Schema}");
            Assert.Equal(1L, await terminate.ExecuteScalarAsync(deadline.Token));
        }

        await logs.WaitForAsync(e => e.Contains("change-notification connection dropped", StringComparison.Ordinal), deadline.Token);

        // Both servers unreachable: a metadata store and an artifact store on closed ports, with the same secrets.
        int closedPort = ClosedPort();
        string unreachable = new NpgsqlConnectionStringBuilder(withPassword) { Port = closedPort, Timeout = 2 }.ConnectionString;
        var (downMetadata, _) = fleet.AddInstance(logs, unreachable);
        var pgDown = await Assert.ThrowsAsync<StorageUnavailableException>(async () => await downMetadata.RefreshAsync(deadline.Token));
        var (downArtifacts, _) = fleet.AddInstance(logs, withPassword, o => o.ServiceUrl = $"http://127.0.0.1:{closedPort}");
        var s3Down = await Assert.ThrowsAsync<StorageUnavailableException>(() => downArtifacts.RegisterAsync(FleetHost.Registration("credit", "more"), deadline.Token));

        // What could carry a secret: every log entry (with its exception), both exceptions, both stores' locations, the audit log
        // as the registry returns it and the journal as the database stores it.
        var audit = new List<AuditEntry>();
        audit.AddRange(await registry.ReadAuditLogAsync("credit", deadline.Token));
        audit.AddRange(await registry.ReadAuditLogAsync(AuditScopes.Registry, deadline.Token));
        Assert.NotEmpty(audit);
        string journal;
        await using (var dump = postgres.DataSource.CreateCommand($"SELECT coalesce(string_agg(j::text, E'\\n'), '') FROM \"{fleet.Schema}\".journal j"))
        {
            journal = (string)(await dump.ExecuteScalarAsync(deadline.Token))!;
        }

        Assert.Contains("first release", journal, StringComparison.Ordinal); // the dump holds the entries
        Assert.Contains(logs.Entries, e => e.Contains("attempt", StringComparison.Ordinal) && e.Contains($":{closedPort}", StringComparison.Ordinal)); // PostgreSQL retries logged
        Assert.Contains(logs.Entries, e => e.StartsWith("Warning 3200 S3 ", StringComparison.Ordinal)); // S3 retries logged
        string[] texts =
        [
            .. logs.Entries,
            pgDown.ToString(),
            s3Down.ToString(),
            store.Location,
            pgDown.Location,
            s3Down.Location,
            JsonSerializer.Serialize(audit),
            journal,
        ];
        foreach (string secret in new[] { Password, "f1eet", S3ServerFixture.SecretAccessKey })
        {
            Assert.All(texts, text => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // stopped on dispose: nothing listens there afterwards
    }
}
