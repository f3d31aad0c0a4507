using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Tests.Scoring;

public sealed class ModelScorerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly LinearFlavor _flavor = new();
    private readonly CorruptibleArtifactStore _artifacts = new();
    private ServiceProvider _services = null!;

    private IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    private IModelScorerFactory Factory => _services.GetRequiredService<IModelScorerFactory>();

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UseArtifactStore(_ => _artifacts).AddFlavor(_flavor);
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task RegisterAsync_RegisteredFlavor_CapturesTheSignatureFromTheArtifact()
    {
        var version = await RegisterAsync([1, 2, 3], bias: 0);

        Assert.Equal(LinearFlavor.Signature(3), version.Signature, SignatureComparer.Instance);
    }

    [Fact]
    public async Task RegisterAsync_ArtifactTheFlavorCannotLoad_ThrowsAndStoresNoVersion()
    {
        var ex = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "linear",
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes("{\"weights\":[]}")),
        }));

        Assert.Equal("linear", ex.Flavor);
        Assert.Equal("weights", ex.Part);
        Assert.Null(ex.Version);
        Assert.Empty(await Registry.ListModelsAsync());
    }

    [Fact]
    public async Task CreateScorerAsync_ScoresAndNamesTheVersionThatAnswered()
    {
        var v1 = await RegisterAsync([2, 0], bias: 1);
        await Registry.SetAliasAsync("credit", "champion", v1.Version);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");

        var prediction = scorer.Score(new LinearInput { Features = [3, 5] });

        Assert.Equal(7, prediction.Value.Score);
        Assert.Equal(new ServedModel("credit", 1, v1.Artifact.Sha256, "linear"), prediction.Model);
        Assert.Equal(prediction.Model, scorer.Status.Serving);
    }

    [Fact]
    public async Task Scorer_AliasMoves_SwapsToTheNewVersionAndDisposesTheOldOne()
    {
        await RegisterAsync([1], bias: 0);
        await RegisterAsync([10], bias: 0);
        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");
        var disposed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _flavor.VersionDisposed += v => disposed.TrySetResult(v);

        await Registry.SetAliasAsync("credit", "champion", 2);

        Assert.Equal(1, await disposed.Task.WaitAsync(Patience));
        var prediction = scorer.Score(new LinearInput { Features = [1] });
        Assert.Equal(2, prediction.Model.Version);
        Assert.Equal(10, prediction.Value.Score);
    }

    [Fact]
    public async Task Scorer_CallInFlightDuringSwap_FinishesOnTheOldVersionWhichIsDisposedAfterIt()
    {
        await RegisterAsync([1], bias: 0);
        await RegisterAsync([10], bias: 0);
        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");
        using var gate = new ManualResetEventSlim(false);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flavor.Entered = entered;
        _flavor.Gate = gate;
        var disposed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _flavor.VersionDisposed += v => disposed.TrySetResult(v);

        var inFlight = Task.Run(() => scorer.Score(new LinearInput { Features = [1] }));
        await entered.Task.WaitAsync(Patience);
        await Registry.SetAliasAsync("credit", "champion", 2);
        await WaitUntilAsync(() => scorer.Status.Serving?.Version == 2);

        Assert.False(disposed.Task.IsCompleted, "version 1 was disposed while a call still used it");
        gate.Set();
        var prediction = await inFlight.WaitAsync(Patience);
        Assert.Equal(1, prediction.Model.Version);
        Assert.Equal(1, await disposed.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Scorer_NewVersionFailsToLoad_KeepsServingTheOldOneAndReportsDegraded()
    {
        await RegisterAsync([1], bias: 0);
        await Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "linear",
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes("{\"weights\":[5],\"failOnLoad\":true}")),
        });
        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");

        await Registry.SetAliasAsync("credit", "champion", 2);
        await WaitUntilAsync(() => scorer.Status.LastFailedVersion == 2);

        Assert.Equal(1, scorer.Score(new LinearInput { Features = [1] }).Model.Version);
        Assert.Contains("failOnLoad", scorer.Status.LastLoadError, StringComparison.Ordinal);
        var health = await _services.GetRequiredService<ModelScorersHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal("serving version 1", health.Data["credit@champion"]);

        // It keeps following: the next good version is served.
        var v3 = await RegisterAsync([3], bias: 0);
        await Registry.SetAliasAsync("credit", "champion", v3.Version);
        await WaitUntilAsync(() => scorer.Status.Serving?.Version == 3);
        Assert.Equal(HealthStatus.Healthy, (await _services.GetRequiredService<ModelScorersHealthCheck>().CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task Scorer_TamperedArtifact_IsNeverServed()
    {
        await RegisterAsync([1], bias: 0);
        var v2 = await RegisterAsync([2], bias: 0);
        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");
        _artifacts.Corrupt(v2.Artifact.Sha256);

        await Registry.SetAliasAsync("credit", "champion", 2);
        await WaitUntilAsync(() => scorer.Status.LastFailedVersion == 2);

        Assert.Equal(1, scorer.Score(new LinearInput { Features = [1] }).Model.Version);
        var reload = await Assert.ThrowsAsync<ModelLoadException>(() => scorer.ReloadAsync());
        Assert.IsType<ArtifactIntegrityException>(reload.InnerException);
        Assert.Equal(2, reload.Version);
    }

    [Fact]
    public async Task Scorer_InputExampleFailsTheSmokeScore_KeepsTheOldVersion()
    {
        await RegisterAsync([1], bias: 0);
        await RegisterAsync([1, 2], bias: 0, inputExample: """{"features":[1]}""");
        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => Factory.CreatePinnedScorerAsync<LinearInput, LinearOutput>("credit", 2));

        var input = Assert.IsType<InvalidModelInputException>(ex.InnerException);
        Assert.Equal("features", input.Field);
        Assert.Equal(1, scorer.Score(new LinearInput { Features = [4] }).Model.Version);
    }

    [Fact]
    public async Task CreateScorerAsync_TypesDoNotMatchTheSignature_ThrowsNamingTheField()
    {
        await RegisterAsync([1], bias: 0);
        await Registry.SetAliasAsync("credit", "champion", 1);

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => Factory.CreateScorerAsync<LinearOutput, LinearOutput>("credit", "champion"));

        Assert.Equal("features", Assert.IsType<ModelSignatureMismatchException>(ex.InnerException).Field);
    }

    [Fact]
    public async Task CreatePinnedScorerAsync_FlavorNotRegistered_ThrowsNamingTheFlavor()
    {
        await Registry.RegisterAsync(new ModelVersionRegistration { ModelName = "solver", Flavor = "milp", Artifact = new MemoryStream([1, 2, 3]) });

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => Factory.CreatePinnedScorerAsync<LinearInput, LinearOutput>("solver", 1));

        var inner = Assert.IsType<FlavorNotRegisteredException>(ex.InnerException);
        Assert.Equal("milp", inner.Flavor);
        Assert.Contains("linear", inner.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreBatch_AllOutputsComeFromOneVersion()
    {
        await RegisterAsync([2], bias: 1);
        await using var scorer = await Factory.CreatePinnedScorerAsync<LinearInput, LinearOutput>("credit", 1);
        var inputs = Enumerable.Range(0, 64).Select(i => new LinearInput { Features = [i] }).ToArray();
        var outputs = new LinearOutput[64];

        var served = scorer.ScoreBatch(inputs, outputs);

        Assert.Equal(1, served.Version);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (2.0 * i) + 1), outputs.Select(o => o.Score));
    }

    [Fact]
    public async Task Score_NullInput_ThrowsInvalidModelInput()
    {
        await RegisterAsync([2], bias: 1);
        await using var scorer = await Factory.CreatePinnedScorerAsync<LinearInput, LinearOutput>("credit", 1);

        var ex = Assert.Throws<InvalidModelInputException>(() => scorer.Score(null!));

        Assert.Equal("credit", ex.ModelName);
        Assert.Equal(1, ex.Version);
    }

    [Fact]
    public async Task Scorer_Disposed_ReleasesItsVersionAndRefusesCalls()
    {
        await RegisterAsync([2], bias: 1);
        var scorer = await Factory.CreatePinnedScorerAsync<LinearInput, LinearOutput>("credit", 1);

        await scorer.DisposeAsync();

        Assert.Equal(1, _flavor.Disposed);
        Assert.Throws<ObjectDisposedException>(() => scorer.Score(new LinearInput { Features = [1] }));
    }

    [Fact]
    public async Task Scorer_AliasMovedBackAndForthWhileThreadsScore_NoCallFailsAndEveryResultWasLive()
    {
        const int Moves = 120;
        for (var v = 1; v <= 3; v++)
        {
            await RegisterAsync([v], bias: 0);
        }

        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");

        // A logical clock orders alias moves and calls: move i happened at moveTicks[i]; a call is [start, end].
        long clock = 0;
        var moveTicks = new List<(long Tick, int Target)> { (0, 1) };
        var results = new ConcurrentBag<(long Start, long End, int Version, double Score)>();
        var failures = new ConcurrentBag<Exception>();
        using var stop = new CancellationTokenSource();
        // Dedicated threads, not thread-pool work items: four spinning callers on a 2-core pool would starve the scorer's watch
        // loop and this test's own continuations, which run on the pool.
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            var input = new LinearInput { Features = [1] };
            while (!stop.IsCancellationRequested)
            {
                var start = Interlocked.Increment(ref clock);
                try
                {
                    var prediction = scorer.Score(input);
                    results.Add((start, Interlocked.Increment(ref clock), prediction.Model.Version, prediction.Value.Score));
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        for (var i = 1; i <= Moves; i++)
        {
            var target = (i % 3) + 1;
            lock (moveTicks)
            {
                moveTicks.Add((Interlocked.Increment(ref clock), target));
            }

            await Registry.SetAliasAsync("credit", "champion", target);
            await WaitUntilAsync(() => scorer.Status.Serving?.Version == target);
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(Patience);

        Assert.Empty(failures);
        Assert.NotEmpty(results);
        foreach (var (start, end, version, score) in results)
        {
            // Each swap completes before the next move, so a call that started after move k sees move k's target or, while that
            // target loads, the one before it; any move made before the call ended may also have been served.
            var k = moveTicks.FindLastIndex(m => m.Tick < start);
            var allowed = moveTicks.Where((m, i) => i >= k - 1 && m.Tick < end).Select(m => m.Target).ToHashSet();
            Assert.True(allowed.Contains(version), $"call [{start},{end}] was served by version {version}, live versions were {string.Join(",", allowed)}");
            Assert.Equal(version, score);
        }

        Assert.Equal(Moves + 1, _flavor.Loaded);
        await WaitUntilAsync(() => _flavor.Disposed == Moves);
    }

    [Fact]
    public async Task Scorer_SwappedAsFastAsItCanReloadWhileThreadsScore_EveryReplacedVersionIsDisposed()
    {
        // Swaps back to back (ReloadAsync swaps even to the same version) make a caller often read a generation just before it is
        // replaced; each such caller must either finish on it and drain it, or back out and still let it drain. A version left
        // undisposed here means a lease was lost.
        const int Reloads = 1500;
        await RegisterAsync([1], bias: 0);
        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");
        var failures = new ConcurrentBag<Exception>();
        var calls = 0L;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 3).Select(_ => Task.Factory.StartNew(() =>
        {
            var input = new LinearInput { Features = [1] };
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    Assert.Equal(1, scorer.Score(input).Value.Score);
                    Interlocked.Increment(ref calls);
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        for (var i = 0; i < Reloads; i++)
        {
            await scorer.ReloadAsync();
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(Patience);

        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref calls) > 0);
        Assert.Equal(Reloads + 1, _flavor.Loaded);
        await WaitUntilAsync(() => _flavor.Disposed == Reloads);
    }

    [Fact]
    public async Task Scorer_CallScoresAgainFromInsideItself_OuterVersionOutlivesASwapAndBothDrain()
    {
        // A flavor may score another model (or the same scorer) from inside a call: the inner call finds the thread already
        // holding a lease and must take its own, and the outer version must survive a swap made while both run.
        await RegisterAsync([1], bias: 0);
        await RegisterAsync([10], bias: 0);
        await Registry.SetAliasAsync("credit", "champion", 1);
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");
        var disposed = new ConcurrentQueue<int>();
        _flavor.VersionDisposed += disposed.Enqueue;
        var innerVersions = new List<int>();
        var depth = 0;
        _flavor.OnPredict = input =>
        {
            if (depth++ > 0)
            {
                return;
            }

            innerVersions.Add(scorer.Score(input).Model.Version);

            // Move the alias while the outer call (version 1) is still running, and wait for the swap to finish.
            Registry.SetAliasAsync("credit", "champion", 2).GetAwaiter().GetResult();
            WaitUntilAsync(() => scorer.Status.Serving?.Version == 2).GetAwaiter().GetResult();
            innerVersions.Add(scorer.Score(input).Model.Version);
            Assert.Empty(disposed);
        };

        var outer = scorer.Score(new LinearInput { Features = [1] });
        _flavor.OnPredict = null;

        Assert.Equal(1, outer.Model.Version);
        Assert.Equal(1.0, outer.Value.Score);
        Assert.Equal([1, 2], innerVersions);
        await WaitUntilAsync(() => disposed.Contains(1));
        Assert.Equal(2, scorer.Score(new LinearInput { Features = [1] }).Model.Version);
    }

    private async Task<ModelVersion> RegisterAsync(double[] weights, double bias, string? inputExample = null)
    {
        var json = $"{{\"weights\":[{string.Join(",", weights.Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)))}],\"bias\":{bias.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}";
        return await Registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "linear",
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes(json)),
            InputExample = inputExample,
        });
    }

    /// <summary>Waits for a condition that background work makes true, yielding between checks; fails after a deadline.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(Patience.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "the condition did not become true in time");
            await Task.Yield();
        }
    }

    /// <summary>Compares signatures by value (records hold lists, which compare by reference).</summary>
    private sealed class SignatureComparer : IEqualityComparer<ModelSignature>
    {
        public static readonly SignatureComparer Instance = new();

        public bool Equals(ModelSignature? x, ModelSignature? y) =>
            x is not null && y is not null && Same(x.Inputs, y.Inputs) && Same(x.Outputs, y.Outputs);

        public int GetHashCode(ModelSignature obj) => obj.Inputs.Count;

        private static bool Same(IReadOnlyList<SignatureField> a, IReadOnlyList<SignatureField> b) =>
            a.Count == b.Count && a.Zip(b).All(p => p.First.Name == p.Second.Name && p.First.DataType == p.Second.DataType
                && (p.First.Shape ?? []).SequenceEqual(p.Second.Shape ?? []));
    }

    /// <summary>An in-memory artifact store that can corrupt stored content, as a tampered disk would.</summary>
    private sealed class CorruptibleArtifactStore : IArtifactStore
    {
        private readonly InMemoryArtifactStore _inner = new();
        private readonly ConcurrentDictionary<string, bool> _corrupt = new();

        public void Corrupt(string sha256) => _corrupt[sha256] = true;

        public ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default) => _inner.BeginUploadAsync(cancellationToken);

        public ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => _inner.ExistsAsync(sha256, cancellationToken);

        public async ValueTask<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
        {
            var stream = await _inner.OpenReadAsync(sha256, cancellationToken);
            if (stream is null || !_corrupt.ContainsKey(sha256))
            {
                return stream;
            }

            var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, cancellationToken);
            var content = bytes.ToArray();
            content[^2] ^= 0x01;
            return new MemoryStream(content);
        }
    }
}
