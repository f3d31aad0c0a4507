using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Telemetry;

/// <summary>
/// Reads and writes <see cref="ScorerLatencyHistogram"/> as <c>{"counts":[...]}</c>, the JSON the serializer gave it from its
/// public shape, straight into the histogram's array: a report reads hundreds of thousands of them (one per snapshot), and the
/// serializer's own path through the constructor built a growing list and copied it. The checks and their messages are the
/// constructor's; a property other than the counts is skipped, as the serializer does.
/// </summary>
internal sealed class ScorerLatencyHistogramJsonConverter : JsonConverter<ScorerLatencyHistogram>
{
    private const string CountsName = nameof(ScorerLatencyHistogram.Counts);

    public override ScorerLatencyHistogram Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A latency histogram is a JSON object holding its bucket counts, not {reader.TokenType}.");
        }

        ScorerLatencyHistogram? histogram = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCounts = reader.ValueTextEquals("counts"u8) || string.Equals(reader.GetString(), CountsName, StringComparison.OrdinalIgnoreCase);
            reader.Read();
            if (isCounts)
            {
                histogram = ReadCounts(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return histogram ?? throw new JsonException("The latency histogram has no bucket counts ('counts').");
    }

    public override void Write(Utf8JsonWriter writer, ScorerLatencyHistogram value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(options.PropertyNamingPolicy?.ConvertName(CountsName) ?? CountsName);
        foreach (var count in value.Counts)
        {
            writer.WriteNumberValue(count);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static ScorerLatencyHistogram ReadCounts(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A latency histogram's counts are a JSON array of numbers, not {reader.TokenType}.");
        }

        var counts = new long[ScorerLatencyHistogram.BucketCount];
        var given = 0;
        long total = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var count))
            {
                throw new JsonException($"A latency bucket's count is a whole number, not {reader.TokenType}.");
            }

            if (count < 0)
            {
                throw new JsonException(ScorerLatencyHistogram.NegativeCount(count));
            }

            if (given < counts.Length)
            {
                counts[given] = count;
                total += count;
            }

            given++;
        }

        return given == counts.Length
            ? ScorerLatencyHistogram.OfCheckedCounts(counts, total)
            : throw new JsonException(ScorerLatencyHistogram.WrongBucketCount(given));
    }
}
