using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.Tests.PredictionLog;

public sealed class JsonLinesPredictionLogSinkTests : IDisposable
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("modelops-predlog-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TryWrite_RedactedFields_NeverReachTheFileAndHashesAreTheDocumentedHmac()
    {
        var customer = new Customer
        {
            Name = "Zoë Secretname",
            Email = "zoe@example.org",
            Region = "EU",
            Income = 51234.5,
            Address = new Address { Street = "7 Hiddenway", City = "Lyon" },
            Contacts = [new Contact { Phone = "+33-600-111-222" }, new Contact { Phone = "+33-600-333-444" }],
        };
        var id = Id(1);
        await using (var sink = new JsonLinesPredictionLogSink(Options(o =>
        {
            o.RedactedFields["name"] = FieldRedaction.Remove;
            o.RedactedFields["Email"] = FieldRedaction.Hash;
            o.RedactedFields["address.street"] = FieldRedaction.Remove;
            o.RedactedFields["contacts.phone"] = FieldRedaction.Hash;
        })))
        {
            Assert.True(sink.TryWrite(new PredictionLogRecord(id, Noon, 0.73, customer)));
            await sink.FlushAsync();
            Assert.Equal((1L, 0L, 0L), (sink.Written, sink.Dropped, sink.Failed));
        }

        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal("predictions-20261127-0001.jsonl", Path.GetFileName(file));
        var bytes = await File.ReadAllBytesAsync(file);
        foreach (var secret in new[] { "Secretname", "Zo", "zoe@example.org", "example.org", "Hiddenway", "600-111", "600-333" })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        }

        var line = JsonNode.Parse(bytes)!.AsObject();
        Assert.Equal(id.ToString(), (string)line["id"]!);
        Assert.Equal(("credit", "exp", "next", 2), ((string)line["model"]!, (string)line["experiment"]!, (string)line["arm"]!, (int)line["version"]!));
        Assert.Equal(0.73, (double)line["predicted"]!);
        Assert.Equal(Noon, (DateTimeOffset)line["time"]!);
        var input = line["input"]!.AsObject();
        Assert.False(input.ContainsKey("name"));
        Assert.Equal(Hmac("zoe@example.org"), (string)input["email"]!);
        Assert.Equal(("EU", 51234.5, "Lyon"), ((string)input["region"]!, (double)input["income"]!, (string)input["address"]!["city"]!));
        Assert.False(input["address"]!.AsObject().ContainsKey("street"));
        Assert.Equal([Hmac("+33-600-111-222"), Hmac("+33-600-333-444")], input["contacts"]!.AsArray().Select(c => (string)c!["phone"]!));
    }

    [Fact]
    public async Task FindAsync_AfterRestart_ANewSinkReadsTheRecordAndMissingIdsAreNull()
    {
        await using (var writer = new JsonLinesPredictionLogSink(Options()))
        {
            for (var i = 0; i < 50; i++)
            {
                writer.TryWrite(new PredictionLogRecord(Id((ulong)i), Noon.AddSeconds(i), i / 100.0, new Customer { Region = "EU", Income = i }));
            }
        }

        await using var reader = new JsonLinesPredictionLogSink(Options(o => o.FilePrefix = "labeller"));
        var found = await reader.FindAsync(Id(37));

        Assert.NotNull(found);
        Assert.Equal((Id(37), Noon.AddSeconds(37), 0.37), (found.Id, found.Timestamp, found.Predicted));
        Assert.Equal(37.0, (double)found.Input["income"]!);
        Assert.Null(await reader.FindAsync(Id(999)));
        Assert.Null(await reader.FindAsync(new PredictionId("credit", "exp", "next", 3, 37)));
    }

    [Fact]
    public async Task FindAsync_LinesLongerThanTheReadBuffer_AreFoundAndSoAreTheLinesAround()
    {
        await using (var writer = new JsonLinesPredictionLogSink(Options()))
        {
            writer.TryWrite(new PredictionLogRecord(Id(1), Noon, 0.1, new Customer { Region = "EU" }));
            writer.TryWrite(new PredictionLogRecord(Id(2), Noon, 0.2, new Customer { Region = new string('x', 300_000) }));
            writer.TryWrite(new PredictionLogRecord(Id(3), Noon, 0.3, new Customer { Region = "US" }));
        }

        await using var reader = new JsonLinesPredictionLogSink(Options(o => o.FilePrefix = "reader"));
        Assert.Equal(300_000, ((string)(await reader.FindAsync(Id(2)))!.Input["region"]!).Length);
        Assert.Equal("US", (string)(await reader.FindAsync(Id(3)))!.Input["region"]!);
        Assert.Equal("EU", (string)(await reader.FindAsync(Id(1)))!.Input["region"]!);
        Assert.Throws<ArgumentNullException>(() => reader.TryWrite(new PredictionLogRecord(Id(4), Noon, 0.4, null!)));
    }

    [Fact]
    public async Task TryWrite_ConcurrentWriters_EveryRecordWrittenOnceOnItsOwnLine()
    {
        const int threads = 8;
        const int perThread = 1500;
        await using var sink = new JsonLinesPredictionLogSink(Options(o => (o.QueueCapacity, o.MaxFileBytes) = (threads * perThread, 256 * 1024)));
        using var start = new Barrier(threads);
        var accepted = new int[threads];
        var workers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < perThread; i++)
                {
                    accepted[t] += sink.TryWrite(new PredictionLogRecord(Id((ulong)((t * perThread) + i)), Noon, 0.5, new Customer { Region = $"r{t}", Income = i })) ? 1 : 0;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers);
        await sink.FlushAsync();

        Assert.Equal(threads * perThread, accepted.Sum());
        Assert.Equal((threads * perThread, 0L, 0L), (sink.Written, sink.Dropped, sink.Failed));
        var files = Directory.GetFiles(_directory).Order().ToArray();
        Assert.True(files.Length > 1, "the 256 KiB size limit should have rotated the file");
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, (256 * 1024) + 1024));
        var ids = files.SelectMany(File.ReadLines).Select(l => (string)JsonNode.Parse(l)!["id"]!).ToList();
        Assert.Equal(threads * perThread, ids.Distinct().Count());
        Assert.Equal(threads * perThread, ids.Count);
        Assert.Equal(0.5, (await sink.FindAsync(Id(4321)))!.Predicted);
    }

    /// <summary>Each record is written before the next is queued, so the writer goes idle (and to sleep) in between: every hand-off to an empty queue must wake it.</summary>
    [Fact]
    public async Task TryWrite_ToAnIdleWriter_WakesItEveryTime()
    {
        await using var sink = new JsonLinesPredictionLogSink(Options());
        for (var i = 0; i < 500; i++)
        {
            var serialized = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Assert.True(sink.TryWrite(new PredictionLogRecord(Id((ulong)i), Noon, 0.1, new SignallingInput(serialized))));
            await serialized.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await sink.FlushAsync();
        Assert.Equal((500L, 0L), (sink.Written, sink.Dropped));
    }

    [Fact]
    public async Task TryWrite_QueueFull_DropsAndCountsWithoutWaiting()
    {
        using var gate = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sink = new JsonLinesPredictionLogSink(Options(o => o.QueueCapacity = 2));

        Assert.True(sink.TryWrite(new PredictionLogRecord(Id(0), Noon, 0.1, new GatedInput(gate, entered))));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The writer is held inside the first record: two records fill the queue, the next five are dropped at once.
        var accepted = Enumerable.Range(1, 7).Count(i => sink.TryWrite(new PredictionLogRecord(Id((ulong)i), Noon, 0.1, new Customer())));

        Assert.Equal((2, 5L), (accepted, sink.Dropped));
        gate.Set();
        await sink.FlushAsync();
        Assert.Equal(3, sink.Written);
    }

    [Fact]
    public async Task TryWrite_RecordsOfANewDay_StartANewFileAndAppendAfterRestartContinuesTheDaysFile()
    {
        await using (var sink = new JsonLinesPredictionLogSink(Options()))
        {
            sink.TryWrite(new PredictionLogRecord(Id(1), Noon, 0.1, new Customer()));
            sink.TryWrite(new PredictionLogRecord(Id(2), Noon.AddDays(1), 0.2, new Customer()));
        }

        await using (var restarted = new JsonLinesPredictionLogSink(Options()))
        {
            restarted.TryWrite(new PredictionLogRecord(Id(3), Noon.AddDays(1).AddHours(1), 0.3, new Customer()));
        }

        Assert.Equal(["predictions-20261127-0001.jsonl", "predictions-20261128-0001.jsonl"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_directory, "predictions-20261128-0001.jsonl")).Length);
    }

    [Fact]
    public async Task FindAsync_FileWithATornLastLine_SkipsItAndTheNextWriterStartsOnANewLine()
    {
        var torn = Path.Combine(_directory, "predictions-20261127-0001.jsonl");
        await File.WriteAllTextAsync(torn, "{\"id\":\"" + Id(1) + "\",\"model\":\"cre");
        await using var sink = new JsonLinesPredictionLogSink(Options());
        sink.TryWrite(new PredictionLogRecord(Id(2), Noon, 0.2, new Customer()));

        Assert.Null(await sink.FindAsync(Id(1)));
        Assert.Equal(0.2, (await sink.FindAsync(Id(2)))!.Predicted);
        Assert.Equal(2, File.ReadAllLines(torn).Length);
    }

    [Fact]
    public async Task TryWrite_InputThatIsNotAnObject_IsCountedAsFailedAndNotWritten()
    {
        await using var sink = new JsonLinesPredictionLogSink(Options(o => o.RedactedFields["name"] = FieldRedaction.Remove));
        sink.TryWrite(new PredictionLogRecord(Id(1), Noon, 0.1, "Zoë Secretname"));
        await sink.FlushAsync();

        Assert.Equal((0L, 1L), (sink.Written, sink.Failed));
        Assert.All(Directory.GetFiles(_directory), f => Assert.DoesNotContain("Secretname", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_HashedFieldWithoutAValidKey_ThrowsNamingTheOptionAndNeverTheKey()
    {
        var missing = Assert.Throws<OptionsValidationException>(() => new JsonLinesPredictionLogSink(Options(o => (o.HashKey, o.RedactedFields["email"]) = (null, FieldRedaction.Hash))));
        Assert.Contains(missing.Failures, f => f.Contains("HashKey", StringComparison.Ordinal) && f.Contains("email", StringComparison.Ordinal));

        var shortKey = Convert.ToBase64String(new byte[8]);
        var tooShort = Assert.Throws<OptionsValidationException>(() => new JsonLinesPredictionLogSink(Options(o => (o.HashKey, o.RedactedFields["email"]) = (shortKey, FieldRedaction.Hash))));
        Assert.DoesNotContain(tooShort.Failures, f => f.Contains(shortKey, StringComparison.Ordinal));

        var noDirectory = Assert.Throws<OptionsValidationException>(() => new JsonLinesPredictionLogSink(new JsonLinesPredictionLogOptions { FilePrefix = "bad prefix!" }));
        Assert.Contains(noDirectory.Failures, f => f.Contains("Directory", StringComparison.Ordinal));
        Assert.Contains(noDirectory.Failures, f => f.Contains("FilePrefix", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    internal static PredictionId Id(ulong nonce) => new("credit", "exp", "next", 2, nonce);

    private static string Hmac(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(value)));

    private JsonLinesPredictionLogOptions Options(Action<JsonLinesPredictionLogOptions>? configure = null)
    {
        var options = new JsonLinesPredictionLogOptions { Directory = _directory, HashKey = Convert.ToBase64String(Key) };
        configure?.Invoke(options);
        return options;
    }

    public sealed class Customer
    {
        public string? Name { get; set; }

        public string? Email { get; set; }

        public string? Region { get; set; }

        public double Income { get; set; }

        public Address? Address { get; set; }

        public IReadOnlyList<Contact>? Contacts { get; set; }
    }

    public sealed class Address
    {
        public string? Street { get; set; }

        public string? City { get; set; }
    }

    public sealed class Contact
    {
        public string? Phone { get; set; }
    }

    /// <summary>An input whose serialization signals that the writer has taken it.</summary>
    public sealed class SignallingInput(TaskCompletionSource serialized)
    {
        public int Signal
        {
            get
            {
                serialized.TrySetResult();
                return 1;
            }
        }
    }

    /// <summary>An input whose serialization holds the log's writer until the gate opens (to fill the queue without sleeping).</summary>
    public sealed class GatedInput(ManualResetEventSlim gate, TaskCompletionSource entered)
    {
        public int Held
        {
            get
            {
                entered.TrySetResult();
                gate.Wait();
                return 1;
            }
        }
    }
}
