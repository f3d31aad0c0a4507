using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

public sealed class FileSystemMetadataStorePropertyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemMetadataStore _writer;

    public FileSystemMetadataStorePropertyTests()
    {
        _writer = new FileSystemMetadataStore(_directory.Options());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _directory.Dispose();
    }

    [Property(Arbitrary = [typeof(JournalTextArbitraries)], MaxTest = 60)]
    public async Task AppendAsync_ArbitraryText_ReadsBackExactlyFromANewStore(
        string scopeSuffix,
        string kind,
        string payload,
        string hash,
        string signature,
        bool hasSignature,
        DateTimeOffset timestamp)
    {
        string scope = "s" + scopeSuffix;
        long length = (await _writer.ReadScopeAsync(scope).ToListAsync()).Count;
        var entry = new JournalEntry
        {
            Scope = scope,
            Index = length,
            Timestamp = timestamp,
            Kind = kind,
            Payload = payload,
            PreviousHash = hash + "prev",
            Hash = hash,
            Signature = hasSignature ? signature : null,
            KeyId = hasSignature ? kind : null,
        };

        JournalAppendResult result = await _writer.AppendAsync(scope, length, [entry]);

        JournalEntry committed = Assert.Single(result.Entries);
        using var reader = new FileSystemMetadataStore(_directory.Options());
        TestEntries.AssertSame(committed, (await reader.ReadScopeAsync(scope).ToListAsync())[^1]);
        TestEntries.AssertSame(committed, Assert.Single(await reader.ReadAsync(committed.Sequence - 1).ToListAsync()));
    }
}

/// <summary>
/// Text that stresses the journal's line format: newlines and other control characters, quotes and backslashes, JSON-looking text,
/// line and paragraph separators, a byte-order mark, any BMP character outside the surrogates, and supplementary characters
/// (valid surrogate pairs). Unpaired surrogates are excluded: they are not valid Unicode, and the store rejects them.
/// Timestamps cover the whole calendar with tick precision and every whole-minute offset up to 14 hours.
/// </summary>
public static class JournalTextArbitraries
{
    public static Arbitrary<string> Text()
    {
        Gen<string> piece = Gen.Frequency(
            (6, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString())),
            (3, Gen.Elements("\n", "\r", "\r\n", "\t", "\0", "\u001F", "\u007F", "\"", "\\", "\\n", "{\"a\":[1,2]}", "\u2028", "\u2029", "\uFEFF", "\uFFFF")),
            (2, Gen.Choose(0x80, 0xD7FF).Select(c => ((char)c).ToString())),
            (1, Gen.Choose(0xE000, 0xFFFF).Select(c => ((char)c).ToString())),
            (2, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)));
        return piece.ListOf().Select(string.Concat).ToArbitrary();
    }

    public static Arbitrary<DateTimeOffset> Timestamps()
    {
        long minTicks = new DateTime(2, 1, 1).Ticks;
        long span = new DateTime(9998, 12, 31).Ticks - minTicks;
        Gen<long> ticks = Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, int.MaxValue))
            .Select(parts => minTicks + (long)(((((ulong)parts.Item1) << 31) | (uint)parts.Item2) % (ulong)span));
        Gen<TimeSpan> offsets = Gen.Choose(-14 * 60, 14 * 60).Select(minutes => TimeSpan.FromMinutes(minutes));
        return ticks.Zip(offsets, (t, offset) => new DateTimeOffset(new DateTime(t, DateTimeKind.Unspecified), offset)).ToArbitrary();
    }
}
