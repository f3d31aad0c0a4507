using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>
/// Other instances' changes are pushed with LISTEN/NOTIFY: they arrive without any poll (the registries' clocks are frozen, so no
/// poll interval ever passes), and when the listening connection drops, polling covers until it reconnects.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlChangeNotificationTests(PostgreSqlFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AliasMove_OnOneInstance_ReachesAnotherInstancesWatcherAndReads_WithoutAPoll()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "push");
        var (writer, _) = host.AddRegistry();
        var (reader, readerStore) = host.AddRegistry(registryClock: PostgreSqlRegistryHost.FrozenClock());
        var v1 = await writer.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "one"));
        var v2 = await writer.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "two"));
        await writer.SetAliasAsync("credit", "champion", v1.Version);
        Assert.Equal(v1.Version, (await reader.ResolveAliasAsync("credit", "champion")).Version);
        await WaitUntilAsync(() => readerStore.IsListening);
        using var stop = new CancellationTokenSource(Deadline);
        var next = NextChangeAsync(reader, stop.Token);

        var moved = await writer.SetAliasAsync("credit", "champion", v2.Version, "promote");

        var change = await next;
        Assert.Equal((AliasChangeKind.Moved, (int?)v2.Version, moved.Sequence), (change.Kind, change.Version, change.Sequence));
        Assert.Equal(v2.Version, (await reader.ResolveAliasAsync("credit", "champion")).Version);
    }

    [Fact]
    public async Task ListenerConnectionDropped_PollingCoversTheGap_AndTheListenerReconnects()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "fallback");
        var (writer, _) = host.AddRegistry();
        var (reader, readerStore) = host.AddRegistry(o => o.NotificationReconnectDelay = TimeSpan.FromSeconds(3), pollInterval: TimeSpan.FromMilliseconds(200));
        var v1 = await writer.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "one"));
        var v2 = await writer.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "two"));
        await reader.RefreshAsync();
        await WaitUntilAsync(() => readerStore.IsListening);
        using var stop = new CancellationTokenSource(Deadline);
        await using var watch = reader.WatchAliasAsync("credit", "champion", stop.Token).GetAsyncEnumerator(stop.Token);
        var first = watch.MoveNextAsync();

        // Kill the listening sessions of this schema's stores (application name "modelops-listener:<schema>"); the reader's
        // store must notice and reconnect.
        await TerminateListenersAsync(host.Schema);
        await WaitUntilAsync(() => !readerStore.IsListening);
        await writer.SetAliasAsync("credit", "champion", v1.Version);
        Assert.True(await first);
        Assert.Equal(v1.Version, watch.Current.Version);
        Assert.False(readerStore.IsListening, "The change should have arrived by polling, before the listener reconnected.");

        await WaitUntilAsync(() => readerStore.IsListening);
        await writer.SetAliasAsync("credit", "champion", v2.Version);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(v2.Version, watch.Current.Version);
        Assert.Equal(await writer.RefreshAsync(), await reader.RefreshAsync());
    }

    private static async Task<AliasChange> NextChangeAsync(IModelRegistry registry, CancellationToken cancellationToken)
    {
        await foreach (var change in registry.WatchAliasAsync("credit", "champion", cancellationToken))
        {
            return change;
        }

        throw new InvalidOperationException("The watch ended without a change.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Polling with a deadline: the listener runs on its own connection, outside the test's control.
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The change listener did not reach the expected state in time.");
            await Task.Delay(20);
        }
    }

    private async Task TerminateListenersAsync(string schema)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'modelops-listener:' || $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = schema });
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 1);
    }
}
