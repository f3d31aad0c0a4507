using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>Entries are stamped from the database server's clock, so instances with wrong clocks still agree on "when".</summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlClockTests(PostgreSqlFixture fixture)
{
    [Fact]
    public async Task Writes_FromInstancesWithSkewedClocks_AreStampedByTheDatabaseClock()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "clock");
        var slow = PostgreSqlRegistryHost.FrozenClock(); // 2001: twenty-five years behind
        var fast = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (a, _) = host.AddRegistry(registryClock: slow);
        var (b, _) = host.AddRegistry(registryClock: fast);

        var before = await DatabaseNowAsync();
        var v1 = await a.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "one"));
        await a.SetAliasAsync("credit", "champion", v1.Version, "launch");
        var v2 = await b.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "two"));
        await b.SetAliasAsync("credit", "champion", v2.Version, "promote");
        var after = await DatabaseNowAsync();

        var history = await a.GetAliasHistoryAsync("credit", "champion");
        var stamps = new[] { v1.RegisteredAt, history[0].Timestamp, v2.RegisteredAt, history[1].Timestamp };
        Assert.All(stamps, t => Assert.InRange(t, before, after));
        Assert.Equal(stamps.Order(), stamps);
        Assert.Equal(v1.Version, await a.ResolveAliasAtAsync("credit", "champion", history[1].Timestamp.AddTicks(-1)));
        Assert.Equal(v2.Version, await b.ResolveAliasAtAsync("credit", "champion", history[1].Timestamp));
        Assert.True((await b.VerifyAuditLogAsync("credit")).IsValid);
    }

    [Fact]
    public async Task UseDatabaseClockOff_LeavesTimestampsToTheRegistryClock()
    {
        await using var host = new PostgreSqlRegistryHost(fixture, "appclock");
        var clock = PostgreSqlRegistryHost.FrozenClock();
        var (registry, store) = host.AddRegistry(o => o.UseDatabaseClock = false, registryClock: clock);

        var version = await registry.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "one"));

        Assert.Null(await store.GetUtcNowAsync());
        Assert.Equal(clock.GetUtcNow(), version.RegisteredAt);
    }

    private async Task<DateTimeOffset> DatabaseNowAsync()
    {
        await using var command = fixture.DataSource.CreateCommand("SELECT clock_timestamp()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!);
    }
}
