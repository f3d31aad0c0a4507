using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Tests.Scoring;

namespace ModelOps.Sdk.Tests.PredictionLog;

/// <summary>A plain scorer opts in to the prediction log with <c>WithPredictionLog</c>; one that does not logs nothing.</summary>
public sealed class PredictionLoggingScorerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly RecordingSink _sink = new();
    private ServiceProvider _services = null!;

    private IModelScorerFactory Factory => _services.GetRequiredService<IModelScorerFactory>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddFlavor(new LinearFlavor());
        _services = services.BuildServiceProvider();
        var registry = _services.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "linear", Artifact = new MemoryStream(Encoding.UTF8.GetBytes("""{"weights":[2,0],"bias":1}""")) });
        await registry.SetAliasAsync("credit", "champion", 1);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Score_WithPredictionLog_LogsInputAndFullOutputUnderTheReturnedId()
    {
        await using var scorer = (await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion")).WithPredictionLog(_sink, new FakeTimeProvider(Noon));
        var input = new LinearInput { Features = [3, 5] };

        var prediction = scorer.Score(input);
        var asynchronous = await scorer.ScoreAsync(input);

        Assert.Equal(7, prediction.Value.Score);
        Assert.Equal(("credit", null, "champion", 1), (prediction.Id.ModelName, prediction.Id.ExperimentName, prediction.Id.Arm, prediction.Id.Version));
        var records = _sink.Records.ToArray();
        Assert.Equal([prediction.Id, asynchronous.Id], records.Select(r => r.Id));
        Assert.NotEqual(prediction.Id, asynchronous.Id);
        Assert.Same(input, records[0].Input);
        Assert.Same(prediction.Value, records[0].Output);
        Assert.Equal(Noon, records[0].Timestamp);
        Assert.Null(records[0].Predicted);
        Assert.Equal(prediction.Id, PredictionId.Parse(prediction.Id.ToString()));
    }

    [Fact]
    public async Task Score_PinnedScorer_LogsUnderThePinnedArm()
    {
        await using var scorer = (await Factory.CreatePinnedScorerAsync<LinearInput, LinearOutput>("credit", 1)).WithPredictionLog(_sink);

        var id = scorer.Score(new LinearInput { Features = [1, 1] }).Id;

        Assert.StartsWith("credit::pinned:1:", id.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_WithoutPredictionLog_LogsNothingAndReturnsTheEmptyId()
    {
        await using var scorer = await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion");

        var prediction = scorer.Score(new LinearInput { Features = [3, 5] });

        Assert.Equal(default, prediction.Id);
        Assert.Empty(_sink.Records);
    }

    [Fact]
    public async Task Score_SameSeed_GivesTheSameIdsAndNoIdRepeats()
    {
        await using var first = (await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion")).WithPredictionLog(_sink, seed: 42);
        await using var second = (await Factory.CreateScorerAsync<LinearInput, LinearOutput>("credit", "champion")).WithPredictionLog(_sink, seed: 42);
        var input = new LinearInput { Features = [1, 2] };

        var ids = Enumerable.Range(0, 2000).Select(_ => first.Score(input).Id).ToList();
        var again = Enumerable.Range(0, 2000).Select(_ => second.Score(input).Id).ToList();

        Assert.Equal(ids, again);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private sealed class RecordingSink : IPredictionLogSink
    {
        public ConcurrentQueue<PredictionLogRecord> Records { get; } = new();

        public bool TryWrite(in PredictionLogRecord record)
        {
            Records.Enqueue(record);
            return true;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<LoggedPrediction?> FindAsync(PredictionId id, CancellationToken cancellationToken = default) => ValueTask.FromResult<LoggedPrediction?>(null);
    }
}
