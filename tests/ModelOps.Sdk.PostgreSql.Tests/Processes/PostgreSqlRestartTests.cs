using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.ProcessHost.Flavors;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.PostgreSql.Tests.Processes;

/// <summary>
/// PostgreSQL restarted under a scoring, watching host: scoring goes on with the loaded version, registry calls fail with
/// <see cref="StorageUnavailableException"/> while the server is down and work once it is back, and the watch resumes without
/// missing a change. Runs on a server of its own, since it stops it.
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

    private static ModelVersionRegistration Offset(double offset) => new()
    {
        ModelName = "credit",
        Flavor = "offset",
        Artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(offset.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };
}
