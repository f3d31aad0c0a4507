using System.Globalization;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;

namespace ModelOps.Sdk.Routing.Tests.PredictionLog;

/// <summary>
/// Retention deletes only the writer's own files, by the day in their names plus RetainFor, then oldest first down to
/// MaxTotalBytes, at start and at each new file, and retries a deletion that failed.
/// </summary>
public sealed class JsonLinesPredictionLogRetentionTests : IDisposable
{
    private const string Prefix = "predictions";
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>Files of other writers or other programs, which retention must never touch, whatever their age.</summary>
    private static readonly string[] Foreign =
    [
        "other-20200101-0001.jsonl",
        "predictions-eu-20200101-0001.jsonl",
        "predictions-20200101-0001.jsonl.bak",
        "predictions-20200101.jsonl",
        "predictions-2020010x-0001.jsonl",
        "notes.txt",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("modelops-retention-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Property(MaxTest = 60)]
    public void Start_AnyFiles_DeletesOnlyOwnFilesOutsideTheWindowOrOldestOverTheCap(byte[] days, ushort[] sizes, byte retainDays, ushort capKiB)
    {
        var directory = Directory.CreateTempSubdirectory("modelops-retention-property-").FullName;
        try
        {
            var retainFor = TimeSpan.FromDays((retainDays % 40) + 1);
            var cap = 4096L + (capKiB % 64 * 1024);
            var own = days.Select((d, i) => (Name: Name(Today.AddDays(-(d % 60)), i + 1), Day: Today.AddDays(-(d % 60)), Sequence: i + 1, Bytes: sizes.Length == 0 ? 100 : sizes[i % sizes.Length] % 6000)).ToList();
            foreach (var file in own)
            {
                File.WriteAllBytes(Path.Combine(directory, file.Name), new byte[file.Bytes]);
            }

            foreach (var name in Foreign)
            {
                File.WriteAllText(Path.Combine(directory, name), "kept");
            }

            using (new JsonLinesPredictionLogSink(Options(directory, retainFor, cap), timeProvider: new FakeTimeProvider(Now)))
            {
            }

            bool Expired((string Name, DateOnly Day, int Sequence, int Bytes) f) => Now - new DateTimeOffset(f.Day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) >= retainFor;
            var kept = own.Where(f => File.Exists(Path.Combine(directory, f.Name))).ToList();
            var deleted = own.Except(kept).ToList();
            Assert.All(Foreign, name => Assert.True(File.Exists(Path.Combine(directory, name)), name));
            Assert.DoesNotContain(kept, Expired);
            Assert.True(kept.Sum(f => (long)f.Bytes) <= cap, $"{kept.Sum(f => (long)f.Bytes)} > {cap}");
            var inWindow = own.Where(f => !Expired(f)).ToList();
            if (inWindow.Sum(f => (long)f.Bytes) <= cap)
            {
                // Inside the window and under the cap: nothing young is deleted.
                Assert.Equal(own.Where(Expired).Select(f => f.Name).Order(), deleted.Select(f => f.Name).Order());
            }
            else
            {
                // Over the cap: young files go oldest first, and only as many as needed.
                var youngDeleted = deleted.Where(f => !Expired(f)).ToList();
                Assert.All(youngDeleted, d => Assert.All(kept, k => Assert.True((d.Day, d.Sequence).CompareTo((k.Day, k.Sequence)) < 0, $"{d.Name} deleted before {k.Name}")));
                var newestDeleted = youngDeleted.MaxBy(f => (f.Day, f.Sequence));
                Assert.True(kept.Sum(f => (long)f.Bytes) + newestDeleted.Bytes > cap, $"{newestDeleted.Name} did not need deleting");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_AfterTheWindowPassed_DeletesTheFilesOfTheFirstRunAndRecordsTheDay()
    {
        var time = new FakeTimeProvider(Now);
        var options = Options(_directory, TimeSpan.FromDays(7), 1024 * 1024);
        await using (var sink = new JsonLinesPredictionLogSink(options, timeProvider: time))
        {
            Assert.True(sink.TryWrite(Record(Now, 1)));
            await sink.FlushAsync();
        }

        Assert.Single(Directory.GetFiles(_directory, "*.jsonl"));

        // Six days later the file is inside the window: a restart keeps it.
        time.Advance(TimeSpan.FromDays(6));
        await using (var sink = new JsonLinesPredictionLogSink(options, timeProvider: time))
        {
            Assert.Equal(0, sink.FilesDeleted);
            Assert.NotNull(await sink.FindAsync(Record(Now, 1).Id));
        }

        // Seven days after the end of its day it is outside: the next start deletes it and records the day.
        time.Advance(TimeSpan.FromDays(2));
        await using (var sink = new JsonLinesPredictionLogSink(options, timeProvider: time))
        {
            Assert.Equal(1, sink.FilesDeleted);
            Assert.Empty(Directory.GetFiles(_directory, "*.jsonl"));
            Assert.Equal(Today, sink.ReadRemovedThrough());
            Assert.Null(await sink.FindAsync(Record(Now, 1).Id));
        }

        Assert.Equal(Today, new JsonLinesPredictionLogReader(_directory).ReadRemovedThrough());
    }

    [Fact]
    public async Task Roll_DeletionFailed_IsRetriedAtTheNextRoll()
    {
        // An entry with the name of an expired file that cannot be deleted as a file: a directory (the test runs as any user,
        // root included, for whom permissions would not stop a deletion).
        var expired = Path.Combine(_directory, Name(Today.AddDays(-10), 1));
        Directory.CreateDirectory(expired);
        File.WriteAllText(Path.Combine(expired, "inside"), "x");
        var time = new FakeTimeProvider(Now);
        await using var sink = new JsonLinesPredictionLogSink(Options(_directory, TimeSpan.FromDays(3), 1024 * 1024), timeProvider: time);
        Assert.Equal(0, sink.FilesDeleted);
        Assert.True(Directory.Exists(expired));

        // Still undeletable at the first roll: the writer keeps writing, and the entry stays.
        Assert.True(sink.TryWrite(Record(Now, 1)));
        await sink.FlushAsync();
        Assert.True(Directory.Exists(expired));
        Assert.Equal(1, sink.Written);

        // Once it can be deleted, the next roll (a record of the next day) deletes it.
        Directory.Delete(expired, recursive: true);
        File.WriteAllText(expired, "old records");
        time.Advance(TimeSpan.FromDays(1));
        Assert.True(sink.TryWrite(Record(Now.AddDays(1), 2)));
        await sink.FlushAsync();

        Assert.False(File.Exists(expired));
        Assert.Equal(1, sink.FilesDeleted);
        Assert.Equal(2, Directory.GetFiles(_directory, "*.jsonl").Length);
    }

    [Theory]
    [InlineData(0, 1L << 30, "RetainFor")]
    [InlineData(30, 4096, "MaxTotalBytes")]
    public void Constructor_InvalidRetention_NamesTheConfigurationPath(int retainDays, long maxTotalBytes, string field)
    {
        var options = Options(_directory, TimeSpan.FromDays(retainDays), maxTotalBytes);
        options.MaxFileBytes = 8192;

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new JsonLinesPredictionLogSink(options));

        Assert.Contains($"ModelOps:Routing:PredictionLog:{field}", ex.Message, StringComparison.Ordinal);
    }

    private static string Name(DateOnly day, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{day:yyyyMMdd}-{sequence:D4}.jsonl");

    private static JsonLinesPredictionLogOptions Options(string directory, TimeSpan retainFor, long maxTotalBytes) =>
        new() { Directory = directory, FilePrefix = Prefix, RetainFor = retainFor, MaxTotalBytes = maxTotalBytes, MaxFileBytes = 4096 };

    private static PredictionLogRecord Record(DateTimeOffset time, ulong nonce) =>
        new(new PredictionId("credit", null, "champion", 1, nonce), time, null, new { Income = 1 }, new { Score = 0.5 });
}
