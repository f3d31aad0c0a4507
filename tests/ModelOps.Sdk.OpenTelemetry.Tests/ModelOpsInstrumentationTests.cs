using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.AI;
using ModelOps.Sdk.AI;
using ModelOps.Sdk.AI.Replay;
using ModelOps.Sdk.AI.Telemetry;
using ModelOps.Sdk.Monitoring.Telemetry;
using ModelOps.Sdk.Routing.Telemetry;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ModelOps.Sdk.OpenTelemetry.Tests;

/// <summary>
/// AddModelOpsInstrumentation with OpenTelemetry's in-memory exporter, against real rules scorers over a real registry.
/// </summary>
public sealed class ModelOpsInstrumentationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Score_NCallsFromManyThreads_CallCounterReadsExactlyN()
    {
        var metrics = new List<MetricSnapshot>();
        using var meterProvider = global::OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(metrics).Build();
        await using var services = CreditRules.Services();
        var (model, scorer) = await ChampionScorerAsync(services);
        await using var _ = scorer;

        const int Calls = 20_000;
        Parallel.For(0, Calls, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            Assert.Equal("APPROVE", scorer.Score(new Applicant { Age = 30 + (i % 40), Country = "FR" }).Value.Outcome));

        meterProvider.ForceFlush();
        var point = Assert.Single(Points(metrics, "modelops.scorer.calls", model));
        Assert.Equal(Calls, point.Value);
        Assert.Equal(1, point.Tags["modelops.model.version"]);
        Assert.Equal("champion", point.Tags["modelops.alias"]);
        var calls = metrics.Last(m => m.Name == "modelops.scorer.calls");
        Assert.Equal("{call}", calls.Unit);

        // The histogram is sampled (about one call in 256, per thread) and documented so; it must have seen some calls, never more than all.
        var durations = Points(metrics, "modelops.scorer.duration", model).Sum(p => p.Value);
        Assert.InRange(durations, 1, Calls);
    }

    [Fact]
    public async Task Score_FromThreadsThatEndAndThreadsThatReuseTheirSlots_CallCounterLosesNoCall()
    {
        // Each thread counts its calls in its own lease slot; an ended thread's slot, counts included, passes to the next thread.
        var metrics = new List<MetricSnapshot>();
        using var meterProvider = global::OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(metrics).Build();
        await using var services = CreditRules.Services();
        var (model, scorer) = await ChampionScorerAsync(services);
        await using var _ = scorer;

        var expected = 0L;
        for (var round = 0; round < 3; round++)
        {
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                for (var i = 0; i < 1000 + t; i++)
                {
                    scorer.Score(new Applicant { Age = 30, Country = "FR" });
                }

                var outputs = new Decision[5];
                scorer.ScoreBatch(Enumerable.Repeat(new Applicant { Age = 30, Country = "FR" }, 5).ToArray(), outputs);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            expected += 4 * 1000 + 0 + 1 + 2 + 3 + 4 * 5;

            // The ended threads' slots go back to the free list through finalizers; the next round's threads take them over.
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        meterProvider.ForceFlush();
        Assert.Equal(expected, Assert.Single(Points(metrics, "modelops.scorer.calls", model)).Value);
    }

    [Fact]
    public async Task Score_InputTheRuleSetRejects_CountsTheErrorWithItsTypeAndTheCall()
    {
        var metrics = new List<MetricSnapshot>();
        using var meterProvider = global::OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(metrics).Build();
        await using var services = CreditRules.Services();
        var (model, scorer) = await ChampionScorerAsync(services);
        await using var _ = scorer;

        for (var i = 0; i < 7; i++)
        {
            // "country" is not declared nullable: the rule set refuses a null value, naming the field.
            var ex = Assert.Throws<InvalidModelInputException>(() => scorer.Score(new Applicant { Age = 40, Country = null }));
            Assert.Equal("country", ex.Field);
        }

        for (var i = 0; i < 5; i++)
        {
            scorer.Score(new Applicant { Age = 40, Country = "FR" });
        }

        meterProvider.ForceFlush();
        var errors = Assert.Single(Points(metrics, "modelops.scorer.errors", model));
        Assert.Equal(7, errors.Value);
        Assert.Equal(typeof(InvalidModelInputException).FullName, errors.Tags["error.type"]);
        Assert.Equal(12, Assert.Single(Points(metrics, "modelops.scorer.calls", model)).Value);
    }

    [Fact]
    public async Task AliasMove_ScorerSwaps_ProducesSwapActivityRegistryWriteActivityAndCounts()
    {
        var metrics = new List<MetricSnapshot>();
        var activities = new List<Activity>();
        using var meterProvider = global::OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(metrics).Build();
        using var tracerProvider = global::OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(activities).Build();
        await using var services = CreditRules.Services();
        var registry = services.GetRequiredService<IModelRegistry>();
        var model = CreditRules.UniqueModelName();
        await CreditRules.RegisterAsync(registry, model, 2500);
        await CreditRules.RegisterAsync(registry, model, 4000);
        await registry.SetAliasAsync(model, "champion", 1);
        await using var scorer = await services.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<Applicant, Decision>(model, "champion");

        await registry.SetAliasAsync(model, "champion", 2);
        await WaitUntilAsync(() => scorer.Score(new Applicant { Age = 40, Country = "FR" }).Value.Limit == 4000);
        tracerProvider.ForceFlush();
        meterProvider.ForceFlush();

        // The first load and the move each start serving a version: one swap per version, tagged with it.
        var swaps = Points(metrics, "modelops.scorer.swaps", model).ToDictionary(p => (int)p.Tags["modelops.model.version"]!, p => p.Value);
        Assert.Equal(1, swaps[1]);
        Assert.Equal(1, swaps[2]);
        lock (activities)
        {
            var swap = Assert.Single(activities, a => a.OperationName == "modelops.scorer.swap" && Equals(a.GetTagItem("modelops.model.name"), model) && Equals(a.GetTagItem("modelops.model.version"), 2));
            Assert.Equal(ModelOpsTelemetry.ActivitySourceName, swap.Source.Name);
            Assert.Equal("champion", swap.GetTagItem("modelops.alias"));
            Assert.Equal(1, swap.GetTagItem("modelops.model.previous_version"));
            Assert.NotEqual(ActivityStatusCode.Error, swap.Status);

            var writes = activities.Where(a => a.OperationName == "modelops.registry.write" && Equals(a.GetTagItem("modelops.registry.scope"), model)).ToList();
            Assert.Equal(4, writes.Count); // two registrations, two alias moves
            Assert.Equal(2, writes.Count(a => Equals(a.GetTagItem("modelops.registry.operation"), Audit.AuditOperations.AliasMoved)));
        }

        Assert.Contains(
            Points(metrics, "modelops.registry.writes", null),
            p => Equals(p.Tags["modelops.registry.operation"], Audit.AuditOperations.AliasMoved) && p.Value >= 2);
    }

    [Fact]
    public async Task CreatePinnedScorer_VersionWhoseInputExampleFailsToScore_CountsSmokeAndLoadFailureAndMarksTheSpan()
    {
        var metrics = new List<MetricSnapshot>();
        var activities = new List<Activity>();
        using var meterProvider = global::OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(metrics).Build();
        using var tracerProvider = global::OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(activities).Build();
        await using var services = CreditRules.Services();
        var registry = services.GetRequiredService<IModelRegistry>();
        var model = CreditRules.UniqueModelName();
        using (var upload = new MemoryStream(Encoding.UTF8.GetBytes(CreditRules.Table(4000))))
        {
            // The example reads as an Applicant, but the rule set refuses its null country: the smoke score fails.
            await registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = model,
                Flavor = RulesFlavor.FlavorName,
                Artifact = upload,
                InputExample = """{ "age": 40, "country": null }""",
            });
        }

        await Assert.ThrowsAsync<ModelLoadException>(() =>
            services.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<Applicant, Decision>(model, 1));

        tracerProvider.ForceFlush();
        meterProvider.ForceFlush();
        var smoke = Assert.Single(Points(metrics, "modelops.scorer.smoke_failures", model));
        Assert.Equal(1, smoke.Value);
        Assert.Equal(1, smoke.Tags["modelops.model.version"]);
        Assert.Equal(typeof(InvalidModelInputException).FullName, smoke.Tags["error.type"]);
        Assert.False(smoke.Tags.ContainsKey("modelops.alias"));
        Assert.Equal(1, Assert.Single(Points(metrics, "modelops.scorer.load_failures", model)).Value);
        Assert.Empty(Points(metrics, "modelops.scorer.swaps", model));
        lock (activities)
        {
            var failed = Assert.Single(activities, a => a.OperationName == "modelops.scorer.swap" && Equals(a.GetTagItem("modelops.model.name"), model));
            Assert.Equal(ActivityStatusCode.Error, failed.Status);
            Assert.Equal(typeof(InvalidModelInputException).FullName, failed.GetTagItem("error.type"));
        }
    }

    [Fact]
    public void InstrumentationNames_MatchTheNamesThePackagesPublish()
    {
        Assert.Equal([ModelOpsTelemetry.MeterName, RoutingTelemetry.MeterName, MonitoringMetrics.MeterName, AITelemetry.MeterName], ModelOpsInstrumentationNames.Meters);
        Assert.Equal([ModelOpsTelemetry.ActivitySourceName, RoutingTelemetry.ActivitySource.Name], ModelOpsInstrumentationNames.ActivitySources);
    }

    [Fact]
    public async Task Score_PromptVersion_ExportsGenAiTokenUsageAndDuration()
    {
        var metrics = new List<MetricSnapshot>();
        using var meterProvider = global::OpenTelemetry.Sdk.CreateMeterProviderBuilder().AddModelOpsInstrumentation().AddInMemoryExporter(metrics).Build();
        var client = new ReplayingChatClient().Record(
            [new ChatMessage(ChatRole.User, "Say hello to Ada")],
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello, Ada!")) { Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = 4 } });
        var collection = new ServiceCollection();
        collection.AddSingleton<IChatClient>(client);
        collection.AddModelOps().UseInMemory().AddAI();
        await using var services = collection.BuildServiceProvider();
        var model = CreditRules.UniqueModelName();
        await services.GetRequiredService<IModelRegistry>().RegisterAsync(new ModelVersionRegistration
        {
            ModelName = model,
            Flavor = PromptFlavor.FlavorName,
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes("""{ "formatVersion": 1, "messages": [ { "role": "user", "content": "Say hello to {{name}}" } ] }""")),
        });
        await using var scorer = await services.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<PromptInput, PromptOutput>(model, 1);

        Assert.Equal("Hello, Ada!", scorer.Score(new PromptInput { Variables = { ["name"] = "Ada" } }).Value.Text);

        meterProvider.ForceFlush();
        var tokens = metrics.Last(m => m.Name == "gen_ai.client.token.usage");
        Assert.Equal("{token}", tokens.Unit);
        Assert.Equal(2, Points(metrics, "gen_ai.client.token.usage", model).Count);
        Assert.Equal(1, Assert.Single(Points(metrics, "gen_ai.client.operation.duration", model)).Value);
    }

    /// <summary>
    /// The points of the last export of an instrument, for one model (or every point when <paramref name="model"/> is null), with
    /// their value: the sum for counters, the count of recorded values for histograms.
    /// </summary>
    /// <summary>Registers a new rules model (approve from 2,500), points champion at it and starts a scorer following champion.</summary>
    private static async Task<(string Model, IModelScorer<Applicant, Decision> Scorer)> ChampionScorerAsync(IServiceProvider services)
    {
        var registry = services.GetRequiredService<IModelRegistry>();
        var model = CreditRules.UniqueModelName();
        await CreditRules.RegisterAsync(registry, model, 2500);
        await registry.SetAliasAsync(model, "champion", 1);
        return (model, await services.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<Applicant, Decision>(model, "champion"));
    }

    private static List<(IReadOnlyDictionary<string, object?> Tags, long Value)> Points(List<MetricSnapshot> metrics, string name, string? model)
    {
        var snapshot = metrics.LastOrDefault(m => m.Name == name);
        if (snapshot is null)
        {
            return [];
        }

        var points = new List<(IReadOnlyDictionary<string, object?>, long)>();
        foreach (var point in snapshot.MetricPoints)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            if (model is null || Equals(tags.GetValueOrDefault("modelops.model.name"), model))
            {
                points.Add((tags, snapshot.MetricType == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong()));
            }
        }

        return points;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(Patience.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "the condition did not become true in time");
            await Task.Yield();
        }
    }
}
