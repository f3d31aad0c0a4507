using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Hosting.Loops;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Loops;
using ModelOps.Sdk.Signals;

namespace ModelOps.Sdk.Hosting.Tests.Loops;

/// <summary>
/// Monitoring and the routing loops in one host, configured only through <c>ModelOps</c> settings: a drift alert that a real
/// monitor of the challenger raises stops the challenger's ramp and takes it out of the experiment, with no code in between.
/// </summary>
public sealed class RoutingLoopsHostTests : IDisposable
{
    private static readonly MonitoringSchema<Applicant, Decision> Schema = MonitoringSchema.FromProperties<Applicant, Decision>();
    private readonly HostFixture _fixture = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Host_DriftAlertOnTheChallenger_HaltsItsRampAndAbortsTheExperiment_NamingTheSignal()
    {
        using var host = Build();
        var registry = host.Services.GetRequiredService<IModelRegistry>();
        await SeedAsync(registry);
        var store = host.Services.GetRequiredService<ExperimentStore>();
        await store.SaveAsync(
            new ExperimentBuilder("credit", "ramp").WithChampionAlias("champion").AddChallengerAlias("next", "challenger")
                .WithStickyAssignment().WithRamp(new RampStep(0.05, TimeSpan.FromHours(2)), new RampStep(0.5)).Build(),
            "ramp the challenger");

        await host.StartAsync();
        var monitor = host.Services.GetRequiredService<AliasMonitor<Applicant, Decision>>();
        Assert.Equal(2, monitor.ServedVersion);

        // The challenger now sees applicants with incomes 40,000 higher than those it was profiled on; the hour-long window closes.
        foreach (var applicant in Applicants(600, incomeShift: 40_000, seed: 3))
        {
            monitor.Observe(applicant, new Decision(applicant.Income / 100_000));
        }

        _time.Advance(TimeSpan.FromHours(1));
        var signals = host.Services.GetRequiredService<IModelSignalSource>();
        await Until(async () => (await signals.GetSignalsAsync("credit", 2)).Count > 0, advance: null);

        // The evaluation loop runs every minute of the fake clock: advance until the experiment is aborted.
        await Until(async () => (await store.LoadAsync("credit", "ramp"))!.Status == ExperimentStatus.Aborted, advance: TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromHours(3)); // long past the ramp step's two hours: a running ramp would have advanced
        var ramp = host.Services.GetServices<IModelOpsLoop>().Single(l => l.Name == "routing:ramp");
        var before = ramp.Status.LastRunAt;
        await Until(() => Task.FromResult(ramp.Status.LastRunAt > before), advance: TimeSpan.FromMinutes(1));
        var health = await host.Services.GetRequiredService<ModelOpsLoopsHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        await host.StopAsync();

        var stored = (await store.LoadAsync("credit", "ramp"))!;
        Assert.Equal((ExperimentStatus.Aborted, 0), (stored.Status, stored.RampStep));
        Assert.Equal(1, stored.CurrentShares()[0]);
        var audit = await registry.ReadAuditLogAsync("credit");
        var abort = Assert.Single(audit, e => e.Reason?.StartsWith("abort: ", StringComparison.Ordinal) == true);
        Assert.Contains("guardrail breached by challenger 'next' (version 2)", abort.Reason, StringComparison.Ordinal);
        Assert.Contains("signal:drift", abort.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(audit, e => e.Reason?.StartsWith("ramp step 0 -> 1", StringComparison.Ordinal) == true);
        Assert.Equal(2, (await registry.ResolveAliasAsync("credit", "challenger")).Version);
        Assert.Equal(1, (await registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Contains(_fixture.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Aborted credit/ramp: guardrail breached", StringComparison.Ordinal));
        Assert.True(health.Data.ContainsKey("routing:evaluation:lastRunAt"));
        Assert.False(health.Data.ContainsKey("routing:evaluation:lastError"), health.Description);
    }

    [Fact]
    public void Host_RoutingLoopsSection_BindsFromConfiguration_AndAMisspeltKeyIsReportedWithTheClosestSetting()
    {
        using (var host = Build(new Dictionary<string, string?>
        {
            ["ModelOps:Routing:Loops:EvaluationInterval"] = "00:00:30",
            ["ModelOps:Routing:Loops:Experiments:0"] = "credit/ramp",
            ["ModelOps:Routing:Loops:AutoPromote"] = "true",
        }))
        {
            var options = host.Services.GetRequiredService<IOptions<RoutingLoopsOptions>>().Value;
            Assert.Equal((TimeSpan.FromSeconds(30), true, "credit/ramp"), (options.EvaluationInterval, options.AutoPromote, Assert.Single(options.Experiments)));
        }

        using var misspelt = Build(new Dictionary<string, string?>
        {
            ["ModelOps:Routing:Loops:AutoPromot"] = "true",
            ["ModelOps:Routing:Loops:Experiments:0"] = "credit-without-experiment",
        });
        var error = Assert.Throws<OptionsValidationException>(() => misspelt.Services.GetRequiredService<IModelRegistry>());
        Assert.Contains("ModelOps:Routing:Loops:AutoPromot is not a setting that ModelOps reads; did you mean ModelOps:Routing:Loops:AutoPromote?", error.Message, StringComparison.Ordinal);
        var invalid = Assert.Throws<OptionsValidationException>(() => misspelt.Services.GetRequiredService<IOptions<RoutingLoopsOptions>>().Value);
        Assert.Contains("Experiments[0] is 'credit-without-experiment'; write it as model/experiment", invalid.Message, StringComparison.Ordinal);
    }

    private IHost Build(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Routing:Loops:EvaluationInterval"] = "00:01:00",
            ["ModelOps:Routing:Loops:RampInterval"] = "00:01:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var builder = _fixture.CreateBuilder(all);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"))
            .AddMonitoring()
            .AddAliasMonitor("credit", "challenger", Schema)
            .AddRoutingLoops();
        return builder.Build();
    }

    /// <summary>Polls a condition (advancing the fake clock by <paramref name="advance"/> between looks), up to a bound.</summary>
    private async Task Until(Func<Task<bool>> condition, TimeSpan? advance)
    {
        for (var i = 0; i < 1_000; i++)
        {
            if (await condition())
            {
                return;
            }

            if (advance is { } step)
            {
                _time.Advance(step);
            }

            await Task.Delay(20);
        }

        Assert.Fail("The condition did not hold within the bound. Log:\n" + string.Join("\n", _fixture.Logs.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.Message}")));
    }

    private static async Task SeedAsync(IModelRegistry registry)
    {
        foreach (var _ in new[] { 1, 2 })
        {
            await using var artifact = new MemoryStream([1, 2, 3]);
            await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "custom", Artifact = artifact });
        }

        var rows = Applicants(2_000, incomeShift: 0, seed: 1);
        await registry.SaveReferenceProfileAsync("credit", 2, Schema.FitReference(rows, rows.Select(r => new Decision(r.Income / 100_000)).ToArray()));
        await registry.SetAliasAsync("credit", "champion", 1);
        await registry.SetAliasAsync("credit", "challenger", 2);
    }

    private static List<Applicant> Applicants(int count, double incomeShift, int seed)
    {
        var random = new Random(seed);
        string[] regions = ["EU", "US"];
        return Enumerable.Range(0, count)
            .Select(_ => new Applicant(50_000 + incomeShift + (random.NextDouble() * 20_000), regions[random.Next(regions.Length)]))
            .ToList();
    }
}
