using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Telemetry;
using ModelOps.Sdk.Tests.Scoring;

namespace ModelOps.Sdk.Hosting.Tests.Telemetry;

/// <summary>
/// The scorer telemetry writer in a real generic host with <c>AddScorer</c> on a fake clock: the calls and failures a scorer served
/// in an hourly period are saved as the instance's <see cref="ScorerTelemetrySnapshot"/> when the period ends, and the running
/// period's counts when the host stops, each as a new revision of the day's <see cref="ScorerTelemetrySeries"/> holding the earlier
/// periods too; a new day starts a new series.
/// </summary>
public sealed class ScorerTelemetryServiceTests : IDisposable
{
    // A model no other test scores: the writer listens to the process-wide meter, and test classes run in parallel.
    private const string Model = "telemetry-credit";
    private const string Instance = "host-a";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 20, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Hour = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly HostFixture _fixture = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly LinearFlavor _flavor = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Host_PeriodEnds_SavesTheInstancesExactCallsAndErrorsForThePeriod_AndStopSavesTheRunningPeriod()
    {
        await SeedAsync();
        using var host = BuildHost();
        var registry = host.Services.GetRequiredService<IModelRegistry>();
        await host.StartAsync();
        var scorer = host.Services.GetRequiredService<IModelScorer<LinearInput, LinearOutput>>();

        // 130 calls in the first hour, of which those with a negative first feature (every fifth: 26) throw.
        var failed = Score(scorer, calls: 130, failEvery: 5);
        _time.Advance(Hour.AddHours(1) - Start + TimeSpan.FromSeconds(1));
        var first = await UntilRevisionsAsync(registry, count: 1);

        // 70 more calls, 10 failing, in the next hour, which is still running when the host stops.
        var failedLater = Score(scorer, calls: 70, failEvery: 7);
        await host.StopAsync();
        var both = await UntilRevisionsAsync(registry, count: 2);

        var period = Assert.Single(Assert.Single(first).Snapshots);
        Assert.Equal(26, failed);
        Assert.Equal([Instance], period.Instances);
        Assert.Equal((Model, 1), (period.ModelName, period.ModelVersion));
        Assert.Equal((Hour, Hour.AddHours(1)), (period.PeriodStart, period.PeriodEnd));
        Assert.Equal((130L, 26L), (period.Calls, period.Errors));
        Assert.InRange(period.Latency.Count, 0, period.Calls);

        // The second revision repeats the first period and adds the running one: a reader reads only the latest.
        Assert.Equal(2, both.Count);
        Assert.Equal([period], both[0].Snapshots);
        Assert.Equal(2, both[1].Snapshots.Count);
        Assert.Equal(period, both[1].Snapshots[0]);
        var running = both[1].Snapshots[1];
        Assert.Equal(10, failedLater);
        Assert.Equal([Instance], running.Instances);
        Assert.Equal((Model, 1), (running.ModelName, running.ModelVersion));
        Assert.Equal((Hour.AddHours(1), Hour.AddHours(2)), (running.PeriodStart, running.PeriodEnd));
        Assert.Equal((70L, 10L), (running.Calls, running.Errors));
        Assert.All(both, series => Assert.Equal((Instance, Model, 1), (series.InstanceId, series.ModelName, series.ModelVersion)));
        var name = Assert.Single((await registry.ListDocumentsAsync(Model, 1, DocumentKinds.ScorerTelemetrySeries)).Select(static d => d.Name).Distinct());
        Assert.StartsWith($"scorer-telemetry.{Instance}.", name, StringComparison.Ordinal);
        Assert.EndsWith(".20260301T0000Z", name, StringComparison.Ordinal);
        Assert.Empty(await registry.ListDocumentsAsync(Model, 1, DocumentKinds.ScorerTelemetry));
    }

    [Fact]
    public async Task Host_PeriodsEitherSideOfMidnight_AreSavedInTheSeriesOfTheirOwnDay()
    {
        var lateEvening = new DateTimeOffset(2026, 3, 1, 23, 20, 0, TimeSpan.Zero);
        _time.SetUtcNow(lateEvening);
        await SeedAsync();
        using var host = BuildHost();
        var registry = host.Services.GetRequiredService<IModelRegistry>();
        await host.StartAsync();
        var scorer = host.Services.GetRequiredService<IModelScorer<LinearInput, LinearOutput>>();

        Score(scorer, calls: 40, failEvery: 1_000);
        _time.Advance(TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(1));
        await UntilRevisionsAsync(registry, count: 1);
        Score(scorer, calls: 15, failEvery: 1_000);
        await host.StopAsync();
        await UntilRevisionsAsync(registry, count: 2);

        var documents = await registry.ListDocumentsAsync(Model, 1, DocumentKinds.ScorerTelemetrySeries);
        Assert.Equal(2, documents.Select(static d => d.Name).Distinct().Count());
        var evening = ScorerTelemetrySeries.FromJson((await registry.ReadDocumentAsync(Assert.Single(documents, static d => d.Name.EndsWith(".20260301T0000Z", StringComparison.Ordinal)))).Span);
        var night = ScorerTelemetrySeries.FromJson((await registry.ReadDocumentAsync(Assert.Single(documents, static d => d.Name.EndsWith(".20260302T0000Z", StringComparison.Ordinal)))).Span);
        Assert.Equal((lateEvening.AddMinutes(-20), 40L), (Assert.Single(evening.Snapshots).PeriodStart, evening.Snapshots[0].Calls));
        Assert.Equal((lateEvening.AddMinutes(40), 15L), (Assert.Single(night.Snapshots).PeriodStart, night.Snapshots[0].Calls));
    }

    /// <summary>Scores <paramref name="calls"/> inputs, every <paramref name="failEvery"/>th of which the model refuses; returns the failures seen.</summary>
    private int Score(IModelScorer<LinearInput, LinearOutput> scorer, int calls, int failEvery)
    {
        var failed = 0;
        for (var i = 0; i < calls; i++)
        {
            try
            {
                scorer.Score(new LinearInput { Features = [i % failEvery == 0 ? -1 : 1, 2] });
            }
            catch (InvalidOperationException)
            {
                failed++;
            }
        }

        return failed;
    }

    /// <summary>
    /// Waits, with a deadline, until the instance's telemetry series have <paramref name="count"/> revisions in all; returns each
    /// revision's content, oldest first.
    /// </summary>
    private static async Task<List<ScorerTelemetrySeries>> UntilRevisionsAsync(IModelRegistry registry, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var documents = await registry.ListDocumentsAsync(Model, 1, DocumentKinds.ScorerTelemetrySeries);
            if (documents.Count >= count)
            {
                var revisions = new List<ScorerTelemetrySeries>();
                foreach (var document in documents.OrderBy(static d => d.Sequence))
                {
                    revisions.Add(ScorerTelemetrySeries.FromJson((await registry.ReadDocumentAsync(document)).Span));
                }

                return revisions;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The host saved {documents.Count} scorer telemetry revision(s) of {Model} within 60 seconds; {count} were expected.");
            await Task.Yield();
        }
    }

    private IHost BuildHost()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:InstanceId"] = Instance,
        });
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"))
            .AddFlavor(_flavor)
            .AddScorer<LinearInput, LinearOutput>(Model, "champion");
        _flavor.OnPredict = static input =>
        {
            if (input.Features[0] < 0)
            {
                throw new InvalidOperationException("The test model refuses a negative first feature.");
            }
        };
        return builder.Build();
    }

    /// <summary>Registers version 1 of the model (weights 2 and 3, bias 0.5) as champion, with another process's container.</summary>
    private async Task SeedAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_fixture.StorePath).AddFlavor(new LinearFlavor());
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = Model,
            Flavor = "linear",
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes("{\"weights\":[2,3],\"bias\":0.5}")),
        });
        await registry.SetAliasAsync(Model, "champion", 1);
    }
}
