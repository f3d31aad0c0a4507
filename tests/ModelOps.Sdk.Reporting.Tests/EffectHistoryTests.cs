using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Reporting.Tests;

/// <summary>
/// A challenger's effect and its always-valid interval over time: at each moment statistics were saved, the decision on every
/// instance's latest snapshot until then, merged.
/// </summary>
public sealed class EffectHistoryTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _provider;

    public EffectHistoryTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddModelOps().UseInMemory().AddReporting();
        _provider = services.BuildServiceProvider();
    }

    private IModelRegistry Registry => _provider.GetRequiredService<IModelRegistry>();

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    [Fact]
    public async Task ReadModelAsync_TwoInstancesSaveFourTimes_GivesTheMergedDecisionAtEachMoment_EndingWithTheLatest()
    {
        await StartAsync();
        var instances = new[] { Recorders(), Recorders() };
        var moments = new List<DateTimeOffset>();
        for (var round = 1; round <= 4; round++)
        {
            foreach (var (champion, challenger) in instances)
            {
                Record(champion, 250, successShare: 0.70);
                Record(challenger, 250, successShare: 0.78);
            }

            _time.Advance(TimeSpan.FromHours(1));
            moments.Add(_time.GetUtcNow());
            for (var i = 0; i < instances.Length; i++)
            {
                await SaveAsync($"instance-{i}", instances[i]);
            }
        }

        var section = await _provider.GetRequiredService<IModelOpsReportGenerator>().ReadModelAsync("credit", ReportScope.All);

        var look = Assert.Single(Assert.Single(section.Experiments).Looks);
        Assert.Equal(moments, look.EffectHistory.Select(h => h.At));
        Assert.Equal([500L, 1000L, 1500L, 2000L], look.EffectHistory.Select(h => h.Decision.Evidence.ChampionSamples));
        Assert.Equal([500L, 1000L, 1500L, 2000L], look.EffectHistory.Select(h => h.Decision.Evidence.ChallengerSamples));
        Assert.Equal(look.Decision!.Evidence.EffectEstimate, look.EffectHistory[^1].Decision.Evidence.EffectEstimate);
        Assert.Equal(look.Decision.Evidence.ConfidenceLower, look.EffectHistory[^1].Decision.Evidence.ConfidenceLower);
        var widths = look.EffectHistory.Select(h => h.Decision.Evidence.ConfidenceUpper - h.Decision.Evidence.ConfidenceLower).ToList();
        Assert.True(widths[^1] < widths[0], $"the interval should narrow as outcomes come in: {string.Join(", ", widths)}");

        using var stream = new MemoryStream();
        await _provider.GetRequiredService<IModelOpsReportGenerator>().WriteHtmlAsync(stream, ReportScope.All);
        var html = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("<caption>Effect of challenger v2 over time: the decision on the statistics saved until each moment (times in UTC)</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">2025-03-01 04:00</th><td class=\"num\">2,000 / 2,000</td>", html, StringComparison.Ordinal);
        Assert.Contains("-effect-history-title\">Effect of challenger v2 in experiment credit-ab over time</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadModelAsync_FortySnapshots_KeepsThirtyMomentsSpreadOverThem_FromTheFirstToTheLatest()
    {
        await StartAsync();
        var (champion, challenger) = Recorders();
        var moments = new List<DateTimeOffset>();
        for (var round = 0; round < 40; round++)
        {
            Record(champion, 50, successShare: 0.7);
            Record(challenger, 50, successShare: 0.7);
            _time.Advance(TimeSpan.FromMinutes(1));
            moments.Add(_time.GetUtcNow());
            await SaveAsync("instance-a", (champion, challenger));
        }

        var section = await _provider.GetRequiredService<IModelOpsReportGenerator>().ReadModelAsync("credit", ReportScope.All);

        var history = Assert.Single(Assert.Single(section.Experiments).Looks).EffectHistory;
        Assert.Equal(ExperimentLook.MaxEffectHistory, history.Count);
        Assert.Equal(moments[0], history[0].At);
        Assert.Equal(moments[^1], history[^1].At);
        Assert.Equal(history.Select(h => h.At).Order(), history.Select(h => h.At));
        Assert.All(history, h => Assert.Equal(50 * (moments.IndexOf(h.At) + 1), h.Decision.Evidence.ChampionSamples));
    }

    [Fact]
    public async Task ReadModelAsync_PeriodBeforeTheLastSnapshots_EndsTheHistoryAtThePeriodsEnd()
    {
        await StartAsync();
        var (champion, challenger) = Recorders();
        for (var round = 0; round < 3; round++)
        {
            Record(champion, 100, successShare: 0.7);
            Record(challenger, 100, successShare: 0.8);
            _time.Advance(TimeSpan.FromHours(1));
            await SaveAsync("instance-a", (champion, challenger));
        }

        var scope = new ReportScope { To = new DateTimeOffset(2025, 3, 1, 2, 30, 0, TimeSpan.Zero) };
        var section = await _provider.GetRequiredService<IModelOpsReportGenerator>().ReadModelAsync("credit", scope);

        var history = Assert.Single(Assert.Single(section.Experiments).Looks).EffectHistory;
        Assert.Equal([100L, 200L], history.Select(h => h.Decision.Evidence.ChampionSamples));
    }

    private static (ArmStatisticsRecorder Champion, ArmStatisticsRecorder Challenger) Recorders() =>
        (new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward), new ArmStatisticsRecorder("v2", 2, QualityMetricKind.Reward));

    private static void Record(ArmStatisticsRecorder recorder, int count, double successShare)
    {
        for (var i = 0; i < count; i++)
        {
            recorder.RecordCall(TimeSpan.FromMilliseconds(3), failed: false);
            recorder.RecordReward(i % 100 < successShare * 100 ? 1 : 0);
        }
    }

    private async Task StartAsync()
    {
        foreach (var _ in new[] { 1, 2 })
        {
            await using var artifact = new MemoryStream([1, 2, 3]);
            await Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "custom", Artifact = artifact });
        }

        await Registry.SetAliasAsync("credit", "champion", 1, "release");
        await new ExperimentStore(Registry, _time).SaveAsync(
            new ExperimentBuilder("credit", "credit-ab").WithChampionAlias("champion", weight: 0.5).AddChallengerVersion("v2", 2, weight: 0.5)
                .WithMetric(QualityMetricKind.Reward)
                .WithEvaluation(new EvaluationPolicy { MinimumDuration = TimeSpan.Zero, MinimumSamplesPerArm = 100, MixingVariance = 0.01 })
                .Build(),
            "start");
    }

    private Task<ModelDocument> SaveAsync(string instance, (ArmStatisticsRecorder Champion, ArmStatisticsRecorder Challenger) arms) =>
        new ExperimentStatisticsStore(Registry).SaveAsync("credit", new ExperimentStatistics
        {
            ExperimentName = "credit-ab",
            Instances = [instance],
            CapturedAt = _time.GetUtcNow(),
            Arms = [arms.Champion.Snapshot(), arms.Challenger.Snapshot()],
        });
}
