using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CreditApi;
using ModelOps.Sdk.AspNetCore.ProblemDetails;
using ModelOps.Sdk.Cli.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Control;

namespace ModelOps.Sdk.AspNetCore.Tests.CreditApi;

public sealed class CreditApiTests : IDisposable
{
    private static readonly CreditApplication Prime = new() { Income = 50_000, Age = 30, Country = "FR", BureauScore = 720 };

    private readonly CreditApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Decisions_ScoreThroughTheExperiment_OnTheModelRegisteredAtFirstStart()
    {
        using var client = _factory.CreateClient();

        var decisions = new List<DecisionResponse>();
        for (var i = 0; i < 60; i++)
        {
            using var response = await client.PostAsJsonAsync("/decisions", new DecisionRequest($"customer-{i}", Prime));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            decisions.Add((await response.Content.ReadFromJsonAsync<DecisionResponse>())!);
        }

        Assert.All(decisions, d => Assert.Equal("credit-limit", d.Model));
        Assert.All(decisions.Where(d => d.Arm == "champion"), d => Assert.Equal((1, 10_000, "prime"), (d.Version, d.Limit, d.Rule)));
        Assert.All(decisions.Where(d => d.Arm == "lower-threshold"), d => Assert.Equal((2, 12_000, "prime"), (d.Version, d.Limit, d.Rule)));
        Assert.Contains(decisions, d => d.Arm == "champion");

        // Sticky: the same customer gets the same arm.
        using var again = await client.PostAsJsonAsync("/decisions", new DecisionRequest("customer-7", Prime));
        Assert.Equal(decisions[7].Arm, (await again.Content.ReadFromJsonAsync<DecisionResponse>())!.Arm);
    }

    [Fact]
    public async Task FirstStart_OfThreeReplicasAtOnce_SeedsTwoVersionsTheirAliasesAndOneExperimentRevision()
    {
        using var second = new CreditApiFactory(_factory);
        using var third = new CreditApiFactory(_factory);

        // Each starts its host (the seeder runs before the scorers load) on its own thread, all at once.
        var clients = await Task.WhenAll(new[] { _factory, second, third }.Select(f => Task.Run(() => f.CreateClient())));
        foreach (var client in clients)
        {
            using (client)
            using (var response = await client.PostAsJsonAsync("/decisions", new DecisionRequest("customer-1", Prime)))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var registry = third.Services.GetRequiredService<IModelRegistry>();
        await registry.RefreshAsync();
        var versions = await registry.ListVersionsAsync("credit-limit");
        Assert.Equal([1, 2], versions.Items.Select(v => v.Version).Order());
        Assert.Equal(1, (await registry.ResolveAliasAsync("credit-limit", "champion")).Version);
        Assert.Equal(2, (await registry.ResolveAliasAsync("credit-limit", "challenger")).Version);
        var history = await third.Services.GetRequiredService<ExperimentStore>().GetHistoryAsync("credit-limit", "live");
        Assert.Single(history);
    }

    [Fact]
    public async Task Outcomes_RecordTheRewardOfADecision_AndRefuseAnUnknownId()
    {
        using var client = _factory.CreateClient();
        using var decided = await client.PostAsJsonAsync("/decisions", new DecisionRequest("customer-1", Prime));
        var decision = (await decided.Content.ReadFromJsonAsync<DecisionResponse>())!;

        using var recorded = await client.PostAsJsonAsync("/outcomes", new OutcomeRequest(decision.PredictionId, 0.2));
        using var refused = await client.PostAsJsonAsync("/outcomes", new OutcomeRequest("not-a-prediction", 0.2));
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Accepted, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(ModelOpsErrorCodes.InvalidPredictionId, problem.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal("predictionId", problem.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Decisions_MissingField_IsAProblemDetails400NamingIt()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/decisions",
            new DecisionRequest("customer-1", new CreditApplication { Income = 50_000, Age = 30, BureauScore = 720 }));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ModelOpsErrorCodes.InvalidModelInput, problem.RootElement.GetProperty("errorCode").GetString());
        Assert.Equal("country", problem.RootElement.GetProperty("field").GetString());
        Assert.Equal("credit-limit", problem.RootElement.GetProperty("modelName").GetString());
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task HealthAndMetrics_AreServed()
    {
        using var client = _factory.CreateClient();
        using (await client.PostAsJsonAsync("/decisions", new DecisionRequest("customer-1", Prime)))
        {
        }

        using var ready = await client.GetAsync("/health/ready");
        using var readyJson = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        using var live = await client.GetAsync("/health/live");
        using var health = await client.GetAsync("/health");
        using var healthJson = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        var metrics = await client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", readyJson.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(
            ["modelops-loops", "modelops-monitors", "modelops-scorers", "modelops-store"],
            healthJson.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Contains("modelops_routing_calls_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("modelops_experiment=\"live\"", metrics, StringComparison.Ordinal);
        Assert.Contains("modelops_registry_writes_total{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotSwap_UnderConcurrentLoad_FailsNoRequest_WhileTheToolMovesTheAliasFromAnotherProcess()
    {
        using var client = _factory.CreateClient();
        var failures = new ConcurrentQueue<string>();
        var championVersions = new ConcurrentQueue<int>();
        var championVersionsAfterSwap = new ConcurrentQueue<int>();   // of requests sent once a version 2 answer had arrived
        long answered = 0;
        var warmedUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var swapped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterSwap = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long answeredAtSwap = long.MaxValue;
        using var stop = new CancellationTokenSource();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        async Task WorkerAsync(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var sentAfterSwap = swapped.Task.IsCompleted;
                    using var response = await client.PostAsJsonAsync("/decisions", new DecisionRequest($"w{worker}-{i}", Prime), CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }

                    var decision = (await response.Content.ReadFromJsonAsync<DecisionResponse>())!;
                    var count = Interlocked.Increment(ref answered);
                    if (decision.Arm == "champion")
                    {
                        championVersions.Enqueue(decision.Version);
                        if (sentAfterSwap)
                        {
                            championVersionsAfterSwap.Enqueue(decision.Version);
                        }

                        if (decision.Version == 2 && swapped.TrySetResult())
                        {
                            Interlocked.Exchange(ref answeredAtSwap, count);
                        }
                    }

                    if (count >= 50)
                    {
                        warmedUp.TrySetResult();
                    }

                    if (count >= Interlocked.Read(ref answeredAtSwap) + 200)
                    {
                        afterSwap.TrySetResult();
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex.GetType().Name + ": " + ex.Message);
                }
            }
        }

        // The tool governs as a deployment would: the champion alias is protected, so version 2 is approved first, by a reviewer.
        using (var first = await client.PostAsJsonAsync("/decisions", new DecisionRequest("first", Prime)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode); // the sample has registered its model
        }

        var approve = await ToolProcess.RunAsync(_factory.Directory, new Dictionary<string, string>(),
            ["review", "approve", "credit-limit", "2", "--actor", "alice", "--roles", "model-approver"]);
        Assert.True(approve.ExitCode == 0, approve.ToString());

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() => WorkerAsync(w))).ToArray();
        try
        {
            await warmedUp.Task.WaitAsync(deadline.Token);

            // Another process, the real tool, moves the champion alias in the same filesystem registry.
            var run = await ToolProcess.RunAsync(_factory.Directory, new Dictionary<string, string>(),
                ["aliases", "set", "credit-limit", "champion", "2", "--reason", "hot swap under load", "--actor", "carol", "--roles", "model-deployer"]);
            Assert.True(run.ExitCode == 0, run.ToString());

            // Observed, not slept on: a champion answer reports version 2, then 200 more answers come after it.
            await swapped.Task.WaitAsync(deadline.Token);
            await afterSwap.Task.WaitAsync(deadline.Token);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        Assert.Empty(failures);
        var versions = championVersions.ToArray();
        Assert.Equal(1, versions[0]);
        Assert.Contains(2, versions);

        // The swap is atomic and final: once one answer came from version 2, no request sent after it is answered by version 1.
        // (Answers are compared by when their request was sent, not by when they were queued: a version 1 answer to a request sent
        // before the swap may arrive after later answers on a loaded machine.)
        Assert.NotEmpty(championVersionsAfterSwap);
        Assert.All(championVersionsAfterSwap, version => Assert.Equal(2, version));
    }
}
