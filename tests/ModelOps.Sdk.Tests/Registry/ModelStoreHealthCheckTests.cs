using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelOps.Sdk.Registry;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>The store's health as the registry sees it: reachable, unreachable after a first load (degraded), never loaded (unhealthy).</summary>
public sealed class ModelStoreHealthCheckTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task CheckHealthAsync_StoreAnswers_IsHealthyWithTheStaleness()
    {
        var store = new ModelRegistryOutageTests.SwitchableMetadataStore();
        await using var host = RegistryHost.Create(store, configure: o => o.ChangePollInterval = Interval);
        await host.RegisterVersionsAsync("credit", 1);
        host.Time.Advance(TimeSpan.FromMilliseconds(250));

        var report = await host.Services.GetRequiredService<ModelStoreHealthCheck>().CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal("0.25", report.Data["staleness"]);
    }

    [Fact]
    public async Task CheckHealthAsync_StoreDownAfterAFirstLoad_IsDegradedSayingSinceWhen()
    {
        var store = new ModelRegistryOutageTests.SwitchableMetadataStore();
        await using var host = RegistryHost.Create(store, configure: o => o.ChangePollInterval = Interval);
        await host.RegisterVersionsAsync("credit", 1);
        await host.Registry.SetAliasAsync("credit", "champion", 1);
        var downAt = host.Time.GetUtcNow();

        store.Down = true;
        host.Time.Advance(Interval * 3);
        await host.Registry.ResolveAliasAsync("credit", "champion"); // a read finds the store down and answers from memory
        var report = await host.Services.GetRequiredService<ModelStoreHealthCheck>().CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("unreachable", report.Description, StringComparison.Ordinal);
        Assert.Equal("3", report.Data["staleness"]);
        Assert.Equal(downAt.Add(Interval * 3), DateTimeOffset.Parse((string)report.Data["storeUnreachableSince"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(report.Data.ContainsKey("lastStoreError"));
    }

    [Fact]
    public async Task CheckHealthAsync_StoreNeverLoaded_IsUnhealthyUntilItAnswers()
    {
        var store = new ModelRegistryOutageTests.SwitchableMetadataStore { Down = true };
        await using var host = RegistryHost.Create(store, configure: o => o.ChangePollInterval = Interval);
        var check = host.Services.GetRequiredService<ModelStoreHealthCheck>();

        var down = await check.CheckHealthAsync(new HealthCheckContext());
        store.Down = false;
        var up = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("never loaded", down.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, up.Status);
    }
}
