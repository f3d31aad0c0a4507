using System.Diagnostics;
using System.Diagnostics.Metrics;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Telemetry;

namespace ModelOps.Sdk.Routing.Tests.Telemetry;

public sealed class RoutingTelemetryTests
{
    private static readonly Applicant Input = new() { Region = "EU", Income = 50000, Age = 40 };

    [Fact]
    public async Task Score_RecordsCallsErrorsAndDurationPerModelVersionAndArm_AndTagsTheActivity()
    {
        // Time every call, so every call has a duration measurement.
        await using var host = await RoutingHost.CreateAsync(o => o.LatencySamplingInterval = 1);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RoutingTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var tagged = new Dictionary<string, object?>(tags.ToArray());
            if (!Equals(tagged.GetValueOrDefault("modelops.experiment"), "metered"))
            {
                // Other tests' routed scorers publish on meters of the same name at the same time.
                return;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        using var source = new ActivityListener { ShouldListenTo = _ => true, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData };
        ActivitySource.AddActivityListener(source);
        using var testSource = new ActivitySource("routing-test");
        var definition = new ExperimentBuilder(RoutingHost.Model, "metered").WithChampionAlias("champion", 1).AddChallengerVersion("broken", 3, 1).Build();
        await using var scorer = await host.Factory.CreateForDefinitionAsync<Applicant, Decision>(definition);

        RoutedPrediction<Decision>[] answers;
        using (var activity = testSource.StartActivity("score"))
        {
            answers = Enumerable.Range(0, 40).Select(_ => scorer.Score(Input)).ToArray();
            Assert.Equal(answers[^1].Id.ToString(), activity!.GetTagItem("modelops.prediction_id"));
            Assert.Equal("champion", activity.GetTagItem("modelops.arm"));
        }

        lock (measurements)
        {
            var calls = measurements.Where(m => m.Instrument == "modelops.routing.calls").ToArray();
            var errors = measurements.Where(m => m.Instrument == "modelops.routing.errors").ToArray();
            var failedChallenger = answers.Count(a => a.ChallengerFailed);
            Assert.Equal(40 + failedChallenger, calls.Length);
            Assert.Equal(failedChallenger, errors.Length);
            Assert.All(errors, e => Assert.Equal(("broken", (object?)3, "metered", RoutingHost.Model), ((string)e.Tags["modelops.arm"]!, e.Tags["modelops.version"], (string)e.Tags["modelops.experiment"]!, (string)e.Tags["modelops.model"]!)));
            Assert.Equal(40 + failedChallenger, measurements.Count(m => m.Instrument == "modelops.routing.duration"));
        }
    }
}
