using System.Diagnostics;
using System.Globalization;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Tests.Processes;
using Xunit.Abstractions;

namespace ModelOps.Sdk.PostgreSql.Tests.Processes;

/// <summary>Separate processes sharing one PostgreSQL registry: concurrent registrations, cross-process watching, a killed writer.</summary>
[Collection(PostgreSqlProcessGroup.Name)]
public sealed class PostgreSqlProcessTests(PostgreSqlFixture fixture, ITestOutputHelper output)
{
    private const string Model = "credit";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RegisterAsync_TwoProcessesAndThisOne_AssignGaplessUniqueVersions()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var host = new PostgreSqlRegistryHost(fixture, "procs");
        var (registry, store) = host.AddRegistry();
        await registry.RefreshAsync(deadline.Token); // creates the schema before the children start
        const int perWriter = 10;

        await using var first = HostProcess.Start(Environment(host), "register", host.ArtifactRoot, Model, perWriter.ToString(CultureInfo.InvariantCulture));
        await using var second = HostProcess.Start(Environment(host), "register", host.ArtifactRoot, Model, perWriter.ToString(CultureInfo.InvariantCulture));
        var mine = new List<int>();
        for (var i = 0; i < perWriter; i++)
        {
            mine.Add((await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, $"self:{i}"), deadline.Token)).Version);
        }

        var theirs = (await first.ReadToExitAsync(deadline.Token)).Concat(await second.ReadToExitAsync(deadline.Token))
            .Where(line => line.StartsWith("version ", StringComparison.Ordinal))
            .Select(line => int.Parse(line["version ".Length..], CultureInfo.InvariantCulture))
            .ToList();

        var all = mine.Concat(theirs).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 3 * perWriter), all);
        await registry.RefreshAsync(deadline.Token);
        var page = await registry.ListVersionsAsync(Model, cancellationToken: deadline.Token);
        Assert.Equal(Enumerable.Range(1, 3 * perWriter), page.Items.Select(v => v.Version));
        var sequences = await store.ReadAsync(0, deadline.Token).Select(e => e.Sequence).ToListAsync(deadline.Token);
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);
        Assert.True((await registry.VerifyAuditLogAsync(Model, cancellationToken: deadline.Token)).IsValid);
    }

    [Fact]
    public async Task AliasMove_InThisProcess_IsPushedToAWatcherInAnotherProcess_BeforeItsFirstPoll()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var host = new PostgreSqlRegistryHost(fixture, "watchproc");
        var (registry, _) = host.AddRegistry();
        var v1 = await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, "one"), deadline.Token);
        var v2 = await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, "two"), deadline.Token);
        await registry.SetAliasAsync(Model, "champion", v1.Version, cancellationToken: deadline.Token);

        // The watcher polls only once an hour (the longest interval the options allow) and the test's deadline is far shorter: a
        // change it sees at all came through LISTEN/NOTIFY. How fast the push arrives is a figure, not an assertion on a busy machine.
        var environment = Environment(host);
        environment["MODELOPS_HOST_POLL_INTERVAL"] = "01:00:00";
        await using var watcher = HostProcess.Start(environment, "watch-alias", host.ArtifactRoot, Model, "champion", "1");
        Assert.Equal("watching", await watcher.ReadLineAsync(deadline.Token));

        var moved = await registry.SetAliasAsync(Model, "champion", v2.Version, "promote", deadline.Token);
        var clock = Stopwatch.StartNew();
        var line = await watcher.ReadLineAsync(deadline.Token);
        var elapsed = clock.Elapsed;

        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"change {v2.Version} {moved.Sequence}"), line);
        output.WriteLine($"the other process saw the move after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task ProcessKilledMidRegistration_LeavesTheRegistryConsistent_AndWritable()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var host = new PostgreSqlRegistryHost(fixture, "killed");
        var (registry, store) = host.AddRegistry();
        await registry.RefreshAsync(deadline.Token);

        await using (var writer = HostProcess.Start(Environment(host), "register", host.ArtifactRoot, Model, "100000"))
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.StartsWith("version ", await writer.ReadLineAsync(deadline.Token), StringComparison.Ordinal);
            }

            await writer.KillAsync(deadline.Token); // SIGKILL, most likely in the middle of a transaction or an upload
        }

        await registry.RefreshAsync(deadline.Token);
        var versions = (await registry.ListVersionsAsync(Model, pageSize: 1000, cancellationToken: deadline.Token)).Items.Select(v => v.Version).ToList();
        Assert.True(versions.Count >= 5);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        var sequences = await store.ReadAsync(0, deadline.Token).Select(e => e.Sequence).ToListAsync(deadline.Token);
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);
        Assert.True((await registry.VerifyAuditLogAsync(Model, cancellationToken: deadline.Token)).IsValid);

        // The dead writer's transaction was rolled back by the server: the next registration takes the lock and the next number.
        var next = await registry.RegisterAsync(PostgreSqlRegistryHost.Registration(Model, "after the kill"), deadline.Token);
        Assert.Equal(versions.Count + 1, next.Version);
        await using var artifact = await registry.OpenArtifactAsync(Model, versions[^1], deadline.Token);
        Assert.True(artifact.CanRead);
    }

    private static Dictionary<string, string> Environment(PostgreSqlRegistryHost host) => new()
    {
        ["MODELOPS_HOST_POSTGRES"] = host.ConnectionString,
        ["MODELOPS_HOST_POSTGRES_SCHEMA"] = host.Schema,
    };
}
