using System.Globalization;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

internal static class TestEntries
{
    public static readonly DateTimeOffset Timestamp = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2)).AddTicks(5358979);

    public static JournalEntry Create(string scope, long index, string? payload = null) => new()
    {
        Scope = scope,
        Index = index,
        Timestamp = Timestamp.AddSeconds(index),
        Kind = "version.registered",
        Payload = payload ?? string.Create(CultureInfo.InvariantCulture, $$"""{"version":{{index + 1}}}"""),
        PreviousHash = index.ToString("x64", CultureInfo.InvariantCulture),
        Hash = (index + 1).ToString("x64", CultureInfo.InvariantCulture),
    };

    public static JournalEntry[] Range(string scope, long firstIndex, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Create(scope, firstIndex + i))];

    /// <summary>Asserts every field is identical, including the timestamp's offset (record equality compares only the instant).</summary>
    public static void AssertSame(JournalEntry expected, JournalEntry actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Timestamp.Ticks, actual.Timestamp.Ticks);
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
    }
}
