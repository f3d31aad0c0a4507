using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.Health;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Health;

/// <summary>
/// The monitors' health check over a real alias monitor whose hourly windows close on a fake clock: healthy while windows raise no
/// alert, degraded by a window that drifted, degraded when no window has been reported for two window durations.
/// </summary>
public sealed class ModelMonitorsHealthCheckTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private ServiceProvider _provider = null!;
    private AliasMonitor<LoanRow, LoanDecision> _monitor = null!;

    private IModelRegistry Registry => _provider.GetRequiredService<IModelRegistry>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddModelOps().UseInMemory()
            .AddMonitoring(o =>
            {
                o.Windows.WindowDuration = TimeSpan.FromHours(1);
                o.Quality.BadRowShareAlert = 0.5;   // the rows leave 5% of ages missing, which the default (5%) counts as bad data
            })
            .AddAliasMonitor("loans", "champion", ProfileRows.Schema);
        _provider = services.BuildServiceProvider();
        await using (var artifact = new MemoryStream([1, 2, 3]))
        {
            await Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "custom", Artifact = artifact });
        }

        var (rows, decisions) = ProfileRows.Generate(2_000, seed: 5);
        await Registry.SaveReferenceProfileAsync("loans", 1, ProfileRows.Schema.FitReference(rows, decisions));
        await Registry.SetAliasAsync("loans", "champion", 1);
        _monitor = _provider.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
        await _monitor.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _monitor.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task AWindowLikeTheReference_IsHealthy()
    {
        Observe(500, seed: 7, incomeShift: 0);
        await CloseWindowAsync();

        var result = await CheckAsync();

        Assert.True(result.Status == HealthStatus.Healthy, result.Description);
        Assert.Equal("1 alias monitor(s), no alert.", result.Description);
        Assert.Equal("monitoring version 1", result.Data["loans@champion"]);
        Assert.Equal("2026-03-01T01:00:00.0000000+00:00", result.Data["loans@champion:lastWindowEndedAt"]);
        Assert.False(result.Data.ContainsKey("loans@champion:alerts"));
    }

    [Fact]
    public async Task AWindowThatDrifted_IsDegradedAndNamesTheAlert()
    {
        Observe(500, seed: 7, incomeShift: 30_000);
        await CloseWindowAsync();

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("loans@champion version 1: the last window raised an alert (", result.Description, StringComparison.Ordinal);
        Assert.Contains("Drift", (string)result.Data["loans@champion:alerts"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoWindowForTwoWindowDurations_IsDegradedAsStale()
    {
        Observe(500, seed: 7, incomeShift: 0);
        await CloseWindowAsync();
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        _time.Advance(TimeSpan.FromHours(2));   // two idle windows: skipped, so the last reported window ended at 01:00
        var atTwoWindows = await CheckAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        var pastTwoWindows = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, atTwoWindows.Status);
        Assert.Equal(HealthStatus.Degraded, pastTwoWindows.Status);
        Assert.Contains("loans@champion version 1: no window reported since 2026-03-01T01:00:00.0000000+00:00", pastTwoWindows.Description, StringComparison.Ordinal);
    }

    private Task<HealthCheckResult> CheckAsync()
    {
        var check = new ModelMonitorsHealthCheck(_provider.GetServices<IModelOpsLoop>(), _time);
        return check.CheckHealthAsync(new HealthCheckContext());
    }

    private void Observe(int count, int seed, double incomeShift)
    {
        var (rows, decisions) = ProfileRows.Generate(count, seed, incomeShift);
        for (var i = 0; i < count; i++)
        {
            _monitor.Observe(rows[i], decisions[i]);
        }
    }

    /// <summary>Moves the fake clock to the end of the first window and waits until the monitor has reported it.</summary>
    private async Task CloseWindowAsync()
    {
        _time.Advance(TimeSpan.FromHours(1));
        var deadline = TimeProvider.System.GetTimestamp() + (long)(Patience.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (_monitor.Current?.LastReport is null)
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "The monitor did not report the window in time.");
            await Task.Yield();
        }
    }
}
