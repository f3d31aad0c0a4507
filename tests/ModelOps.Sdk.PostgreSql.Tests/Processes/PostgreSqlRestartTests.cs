using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.ProcessHost.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.PostgreSql.Tests.Processes;

/// <summary>
/// PostgreSQL restarted under a scoring, watching host: scoring goes on with the loaded version, resolution answers from memory
/// without waiting on the store, writes fail with <see cref="StorageUnavailableException"/> while the server is down and work once
/// it is back, and the watch resumes without missing a change. Each test runs on a server of its own, since it stops it.
/// </summary>
public sealed class PostgreSqlRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ServerRestart_ScoringContinues_CallsFailClearlyWhileDown_AndWatchingResumesWithoutMissingAChange()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var server = await PostgreSqlServer.StartNewAsync();
        await using var host = new PostgreSqlRegistryHost(server.ConnectionString, "restart");
        void Fast(PostgreSqlStorageOptions o)
        {
            o.MaxRetryAttempts = 2;
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
            o.OperationTimeout = TimeSpan.FromSeconds(5);
            o.NotificationReconnectDelay = TimeSpan.FromMilliseconds(200);
        }

        var (writer, _) = host.AddRegistry(Fast);
        var ((scoringHost, _), services) = host.AddRegistry(Fast, null, TimeSpan.FromMilliseconds(500), b => b.AddFlavor(new OffsetFlavor()));
        var v1 = await writer.RegisterAsync(Offset(1), deadline.Token);
        var v2 = await writer.RegisterAsync(Offset(2), deadline.Token);
        await writer.SetAliasAsync("credit", "champion", v1.Version, cancellationToken: deadline.Token);
        await using var scorer = await services.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<OffsetInput, OffsetOutput>("credit", "champion", deadline.Token);
        Assert.Equal(11, scorer.Score(new OffsetInput { Value = 10 }).Value.Value);
        await using var watch = scoringHost.WatchAliasAsync("credit", "champion", deadline.Token).GetAsyncEnumerator(deadline.Token);
        var firstChange = watch.MoveNextAsync();

        await server.StopAsync();

        var down = await Assert.ThrowsAsync<StorageUnavailableException>(() => writer.RegisterAsync(Offset(3), deadline.Token));
        Assert.Contains(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), down.Location, StringComparison.Ordinal);
        Assert.Equal(3, down.Attempts);
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await scoringHost.RefreshAsync(deadline.Token));
        Assert.Equal(11, scorer.Score(new OffsetInput { Value = 10 }).Value.Value);
        Assert.False(firstChange.IsCompleted);

        await server.StartAsync();

        // Three moves right after the restart, before the watcher's listener is necessarily back: all arrive, in order.
        var moves = new List<ModelAlias>
        {
            await writer.SetAliasAsync("credit", "champion", v2.Version, cancellationToken: deadline.Token),
            await writer.SetAliasAsync("credit", "champion", v1.Version, cancellationToken: deadline.Token),
            await writer.SetAliasAsync("credit", "champion", v2.Version, cancellationToken: deadline.Token),
        };
        var seen = new List<AliasChange>();
        Assert.True(await firstChange);
        seen.Add(watch.Current);
        while (seen.Count < moves.Count)
        {
            Assert.True(await watch.MoveNextAsync());
            seen.Add(watch.Current);
        }

        Assert.Equal(moves.Select(m => ((int?)m.Version, m.Sequence)), seen.Select(c => (c.Version, c.Sequence)));
        Assert.Equal(3, (await writer.RegisterAsync(Offset(3), deadline.Token)).Version);

        // The scorer follows the alias to version 2 (hot swap), polled with a deadline since the swap happens in the background.
        while (scorer.Score(new OffsetInput { Value = 10 }).Value.Value != 12)
        {
            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(20, deadline.Token);
        }
    }

    [Fact]
    public async Task ServerStoppedUnderResolveLoad_ResolveAndScoringAnswerFromMemoryWithoutTheStore_WritesAndWatchingRecover()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using var server = await PostgreSqlServer.StartNewAsync();
        await using var host = new PostgreSqlRegistryHost(server.ConnectionString, "outage");
        void Fast(PostgreSqlStorageOptions o)
        {
            o.MaxRetryAttempts = 2;
            o.RetryDelay = TimeSpan.FromMilliseconds(50);
            o.OperationTimeout = TimeSpan.FromSeconds(5);
            o.NotificationReconnectDelay = TimeSpan.FromMilliseconds(200);
        }

        var interval = TimeSpan.FromMilliseconds(200);
        var (writer, _) = host.AddRegistry(Fast);
        var ((resolver, _), resolverServices) = host.AddRegistry(Fast, null, interval, null);
        var ((scoringHost, _), scoringServices) = host.AddRegistry(Fast, null, interval, b => b.AddFlavor(new OffsetFlavor()));
        var v1 = await writer.RegisterAsync(Offset(1), deadline.Token);
        var v2 = await writer.RegisterAsync(Offset(2), deadline.Token);
        await writer.SetAliasAsync("credit", "champion", v1.Version, cancellationToken: deadline.Token);
        Assert.Equal(v1.Version, (await resolver.ResolveAliasAsync("credit", "champion", deadline.Token)).Version);
        await using var scorer = await scoringServices.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<OffsetInput, OffsetOutput>("credit", "champion", deadline.Token);
        await using var watch = scoringHost.WatchAliasAsync("credit", "champion", deadline.Token).GetAsyncEnumerator(deadline.Token);
        var firstChange = watch.MoveNextAsync();

        // Load: resolve and score about every 20 ms (as a request handler would) across the whole stop and restart; no call may fail.
        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var calls = 0;
            while (!stopLoad.IsCancellationRequested)
            {
                var alias = await resolver.ResolveAliasAsync("credit", "champion", deadline.Token);
                var scored = scorer.Score(new OffsetInput { Value = 10 });
                Assert.InRange(alias.Version, v1.Version, v2.Version);
                Assert.Equal(10 + scored.Model.Version, scored.Value.Value);
                calls++;
                await Task.Delay(20, CancellationToken.None); // pacing of the load, not a wait for a state
            }

            return calls;
        });

        await server.StopAsync();

        // The server is verifiably down: a write fails with StorageUnavailableException, as does an explicit refresh.
        await Assert.ThrowsAsync<StorageUnavailableException>(() => writer.SetAliasAsync("credit", "champion", v2.Version, cancellationToken: deadline.Token));
        await Assert.ThrowsAsync<StorageUnavailableException>(async () => await resolver.RefreshAsync(deadline.Token));

        // Once the resolver has found the store down, its replica is older than the poll interval, where it used to go to the store...
        var health = resolverServices.GetRequiredService<ModelScorersHealthCheck>();
        HealthCheckResult report;
        while ((report = await health.CheckHealthAsync(new HealthCheckContext(), deadline.Token)).Status != HealthStatus.Degraded
            || resolver.Staleness <= interval)
        {
            await resolver.ResolveAliasAsync("credit", "champion", deadline.Token);
            await Task.Delay(20, deadline.Token);
        }

        Assert.Contains("unreachable", report.Description, StringComparison.Ordinal);
        Assert.True(double.Parse((string)report.Data["registry:staleness"], System.Globalization.CultureInfo.InvariantCulture) > interval.TotalSeconds);

        // ...and still every resolve completes synchronously, with the last known state: none can have waited on the store.
        for (var i = 0; i < 200; i++)
        {
            var pending = resolver.ResolveAliasAsync("credit", "champion", deadline.Token);
            Assert.True(pending.IsCompletedSuccessfully, "A resolve waited while the store was down.");
            Assert.Equal(v1.Version, (await pending).Version);
            Assert.Equal(v1.Version, (await resolver.GetVersionByAliasAsync("credit", "champion", deadline.Token)).Version);
        }

        Assert.Equal(11, scorer.Score(new OffsetInput { Value = 10 }).Value.Value);
        Assert.False(firstChange.IsCompleted);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => writer.RegisterAsync(Offset(3), deadline.Token));

        await server.StartAsync();

        // Writes recover in the same instances, and the watcher and the resolver see the move without a new process.
        var moved = await writer.SetAliasAsync("credit", "champion", v2.Version, cancellationToken: deadline.Token);
        Assert.True(await firstChange);
        Assert.Equal(((int?)moved.Version, moved.Sequence), (watch.Current.Version, watch.Current.Sequence));
        while ((await resolver.ResolveAliasAsync("credit", "champion", deadline.Token)).Version != v2.Version
            || (await health.CheckHealthAsync(new HealthCheckContext(), deadline.Token)).Status != HealthStatus.Healthy)
        {
            await Task.Delay(20, deadline.Token);
        }

        Assert.True(resolver.Staleness < Deadline);
        await stopLoad.CancelAsync();
        Assert.True(await load > 0);
    }

    private static ModelVersionRegistration Offset(double offset) => new()
    {
        ModelName = "credit",
        Flavor = "offset",
        Artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(offset.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };
}
