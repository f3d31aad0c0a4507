using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using ModelOps.Sdk.AI.Replay;
using ModelOps.Sdk.AI.Telemetry;
using ModelOps.Sdk.AI.Tests.Scoring;

namespace ModelOps.Sdk.AI.Tests.Telemetry;

/// <summary>Latency, token usage, refusals and invalid outputs are measured on the <c>ModelOps.Sdk.AI</c> meter.</summary>
public sealed class AITelemetryTests
{
    [Fact]
    public async Task Score_RecordsDurationTokenUsageRefusalsAndInvalidOutputsWithGenAiTags()
    {
        var model = "metrics-" + Guid.NewGuid().ToString("N");
        var refusal = PromptScoringTests.Answer(string.Empty);
        refusal.FinishReason = ChatFinishReason.ContentFilter;
        var client = PromptHost.Recordings()
            .Record(PromptScoringTests.Request("Acme Pay", "bad"), PromptScoringTests.Answer("""{"category":"none"}"""))
            .Record(PromptScoringTests.Request("Acme Pay", "rude"), refusal);
        await using var host = PromptHost.Create(client);
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AITelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();
        await host.RegisterAsync(PromptHost.Example("ticket-triage.json"), model: model);
        await using var loaded = await host.Scorers.LoadAsync(model, 1);
        var predictor = loaded.CreatePredictor<SupportTicket, Triage>();

        predictor.Predict(new SupportTicket { Ticket = "I was charged twice for order 1234." });
        Assert.Throws<InvalidPromptOutputException>(() => predictor.Predict(new SupportTicket { Ticket = "bad" }));
        Assert.Throws<PromptRefusedException>(() => predictor.Predict(new SupportTicket { Ticket = "rude" }));

        var ours = measurements.Where(m => Equals(m.Tags.GetValueOrDefault("modelops.model.name"), model)).ToList();
        Assert.Equal(3, ours.Count(m => m.Instrument == "gen_ai.client.operation.duration"));
        var tokens = ours.Where(m => m.Instrument == "gen_ai.client.token.usage").ToList();
        Assert.Equal([("input", 52d), ("output", 19d)], tokens.Select(t => ((string)t.Tags["gen_ai.token.type"]!, t.Value)).OrderBy(t => t.Item1));
        Assert.Equal(1, ours.Count(m => m.Instrument == "modelops.ai.invalid_outputs"));
        Assert.Equal(1, ours.Count(m => m.Instrument == "modelops.ai.refusals"));
        var first = tokens[0].Tags;
        Assert.Equal(("chat", "replay", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 1), (first["gen_ai.operation.name"], first["gen_ai.provider.name"], first["gen_ai.request.model"], first["gen_ai.response.model"], first["modelops.model.version"]));

        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Add((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));
    }
}
