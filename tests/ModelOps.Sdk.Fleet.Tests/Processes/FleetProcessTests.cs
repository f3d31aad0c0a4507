using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Fleet.Tests.Infrastructure;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.S3;
using ModelOps.Sdk.Tests.Processes;
using Xunit.Abstractions;

namespace ModelOps.Sdk.Fleet.Tests.Processes;

/// <summary>
/// Separate processes sharing one PostgreSQL database and one S3 bucket, as the instances of a service do: concurrent
/// registrations, an alias move followed by a scorer in another process, and a writer killed between storing its artifact and
/// committing its version. Children are <c>ModelOps.Sdk.ProcessHost</c> pointed at the registry through their environment.
/// </summary>
[Collection(FleetServers.Name)]
public sealed class FleetProcessTests(PostgreSqlFixture postgres, S3ServerFixture s3, ITestOutputHelper output)
{
    private const string Model = "credit";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RegisterAsync_TwoProcessesAndThisOne_OnPostgreSqlAndS3_AssignGaplessUniqueVersions_AndEveryArtifactReads()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using FleetHost fleet = await FleetHost.CreateAsync(postgres, s3, "concurrent");
        var (registry, services) = fleet.AddInstance();
        await registry.RefreshAsync(deadline.Token); // creates the schema before the children start
        const int perWriter = 8;

        await using var first = HostProcess.Start(fleet.ChildEnvironment(), "register", fleet.Root, Model, perWriter.ToString(CultureInfo.InvariantCulture));
        await using var second = HostProcess.Start(fleet.ChildEnvironment(), "register", fleet.Root, Model, perWriter.ToString(CultureInfo.InvariantCulture));
        var mine = new List<int>();
        for (int i = 0; i < perWriter; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            var tags = new Dictionary<string, string> { ["writer"] = "self", ["index"] = index };
            mine.Add((await registry.RegisterAsync(FleetHost.Registration(Model, $"self:{index}", tags: tags), deadline.Token)).Version);
        }

        List<int> theirs = (await first.ReadToExitAsync(deadline.Token)).Concat(await second.ReadToExitAsync(deadline.Token))
            .Where(line => line.StartsWith("version ", StringComparison.Ordinal))
            .Select(line => int.Parse(line["version ".Length..], CultureInfo.InvariantCulture))
            .ToList();

        Assert.Equal(2 * perWriter, theirs.Count);
        Assert.Equal(Enumerable.Range(1, 3 * perWriter), mine.Concat(theirs).Order());
        var sequences = await FleetHost.MetadataStore(services).ReadAsync(0, deadline.Token).Select(e => e.Sequence).ToListAsync(deadline.Token);
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);

        // A new instance with an empty cache downloads every version's artifact from the bucket: each holds what its writer wrote.
        var (reader, _) = fleet.AddInstance();
        var versions = (await reader.ListVersionsAsync(Model, pageSize: 100, cancellationToken: deadline.Token)).Items;
        Assert.Equal(Enumerable.Range(1, 3 * perWriter), versions.Select(v => v.Version));
        Assert.Equal(3, versions.Select(v => v.Tags["writer"]).Distinct().Count());
        foreach (ModelVersion version in versions)
        {
            await using Stream artifact = await reader.OpenArtifactAsync(Model, version.Version, deadline.Token);
            using var text = new StreamReader(artifact, Encoding.UTF8);
            Assert.Equal($"{version.Tags["writer"]}:{version.Tags["index"]}", await text.ReadToEndAsync(deadline.Token));
        }

        Assert.True((await reader.VerifyAuditLogAsync(Model, cancellationToken: deadline.Token)).IsValid);
    }

    [Fact]
    public async Task AliasMovedInThisProcess_IsPushedToAScorerHostInAnotherProcessBeforeItsFirstPoll_AndItsHotSwapFollows()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using FleetHost fleet = await FleetHost.CreateAsync(postgres, s3, "swap");
        var (registry, _) = fleet.AddInstance();
        ModelVersion v1 = await registry.RegisterAsync(FleetHost.Registration(Model, "1", flavor: "offset"), deadline.Token);
        ModelVersion v2 = await registry.RegisterAsync(FleetHost.Registration(Model, "2", flavor: "offset"), deadline.Token);
        await registry.SetAliasAsync(Model, "champion", v1.Version, cancellationToken: deadline.Token);

        // The child polls only once an hour and the test's deadline is far shorter: a move it sees at all came through LISTEN/NOTIFY.
        // (How fast the push arrives is a figure for a benchmark, not an assertion for a test on a busy machine.)
        Dictionary<string, string> environment = fleet.ChildEnvironment();
        environment["MODELOPS_HOST_POLL_INTERVAL"] = "01:00:00"; // the longest interval the options allow
        await using var scorer = HostProcess.Start(environment, "serve-alias", fleet.Root, Model, "champion");
        Assert.Equal($"serving {v1.Version}", await scorer.ReadLineAsync(deadline.Token));
        Assert.Equal($"scored 11 {v1.Version}", await AskAsync(scorer, "score 10", deadline.Token));

        ModelAlias moved = await registry.SetAliasAsync(Model, "champion", v2.Version, "promote", deadline.Token);
        var clock = Stopwatch.StartNew();

        // Polling another process with a deadline: what its registry resolves, then which version its scorer serves.
        string expectedAlias = $"alias {v2.Version} {moved.Sequence}";
        while (await AskAsync(scorer, "resolve", deadline.Token) != expectedAlias)
        {
            await Task.Delay(5, deadline.Token);
        }

        TimeSpan seen = clock.Elapsed;
        while (await AskAsync(scorer, "score 10", deadline.Token) is var line && line != $"scored 12 {v2.Version}")
        {
            Assert.Equal($"scored 11 {v1.Version}", line); // the old version serves until the new one has replaced it
            await Task.Delay(5, deadline.Token);
        }

        TimeSpan swapped = clock.Elapsed;
        output.WriteLine($"alias seen by the other process after {seen.TotalMilliseconds:F0} ms; its scorer served the new version after {swapped.TotalMilliseconds:F0} ms");

        // The child's scorer loaded version 2 from the bucket into the machine's shared cache, verified.
        string cached = Path.Combine(fleet.ChildCache, "sha256", v2.Artifact.Sha256[..2], v2.Artifact.Sha256);
        Assert.Equal("2", await File.ReadAllTextAsync(cached, deadline.Token));
    }

    [Fact]
    public async Task ProcessesKilledMidRegistration_AfterTheUploadOrHalfwayThroughIt_LeaveTheSharedRegistryConsistent_AndTheNextRegistrationWorks()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using FleetHost fleet = await FleetHost.CreateAsync(postgres, s3, "killed");
        var (registry, services) = fleet.AddInstance();
        ModelVersion v1 = await registry.RegisterAsync(FleetHost.Registration(Model, "before"), deadline.Token);

        // 1. Killed after its 12 MiB artifact was stored under its hash (multipart to staging, verified, copied), before the version was appended.
        const int seed = 4242;
        byte[] large = SeededBytes(12 * 1024 * 1024, seed);
        string largeHash = Convert.ToHexStringLower(SHA256.HashData(large));
        await using (var writer = HostProcess.Start(fleet.ChildEnvironment(), "register-then-hang-after-upload", fleet.Root, Model, "12", seed.ToString(CultureInfo.InvariantCulture)))
        {
            Assert.Equal($"UPLOADED {largeHash}", await writer.ReadLineAsync(deadline.Token));
            await writer.KillAsync(deadline.Token);
        }

        // 2. Killed halfway through streaming a 12 MiB artifact: one part is in an unfinished multipart upload under staging.
        using var raw = fleet.RawClient();
        await using (var writer = HostProcess.Start(fleet.ChildEnvironment(), "register-large-then-hang", fleet.Root, Model, "12"))
        {
            Assert.Equal("HALFWAY", await writer.ReadLineAsync(deadline.Token));

            // HALFWAY means half of the artifact was read, not that the store has sent it: the registry reads the next chunk while
            // the store writes the previous one, and the first 5 MiB part may still be on its way. Kill only once the bucket holds it.
            await BucketInspector.WaitForUnfinishedPartAsync(raw, fleet.Bucket, fleet.Prefix, deadline.Token);
            await writer.KillAsync(deadline.Token);
        }

        List<string> keys = await BucketInspector.ObjectKeysAsync(raw, fleet.Bucket, fleet.Prefix);
        Assert.Contains($"{fleet.Prefix}/blobs/sha256/{largeHash}", keys); // stored, but referenced by no version
        Assert.DoesNotContain(keys, key => key.Contains("/staging/", StringComparison.Ordinal)); // the completed upload's staging copy was deleted
        Assert.Single(await BucketInspector.MultipartUploadKeysAsync(raw, fleet.Bucket, fleet.Prefix));

        // Every instance, old or new, sees version 1 only, and every version's artifact exists and reads.
        var (fresh, _) = fleet.AddInstance();
        foreach (IModelRegistry instance in new[] { registry, fresh })
        {
            await instance.RefreshAsync(deadline.Token);
            var versions = (await instance.ListVersionsAsync(Model, cancellationToken: deadline.Token)).Items;
            Assert.Equal([v1.Version], versions.Select(v => v.Version));
            await using Stream artifact = await instance.OpenArtifactAsync(Model, v1.Version, deadline.Token);
            Assert.Equal("before", await new StreamReader(artifact).ReadToEndAsync(deadline.Token));
        }

        var sequences = await FleetHost.MetadataStore(services).ReadAsync(0, deadline.Token).Select(e => e.Sequence).ToListAsync(deadline.Token);
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(s => (long)s), sequences);
        Assert.True((await fresh.VerifyAuditLogAsync(Model, cancellationToken: deadline.Token)).IsValid);

        // The next registrations take the next numbers; the dead writer's bytes, registered again, reuse the stored object.
        Assert.Equal(2, (await registry.RegisterAsync(FleetHost.Registration(Model, "after"), deadline.Token)).Version);
        ModelVersion again = await fresh.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = "test", Artifact = new MemoryStream(large) }, deadline.Token);
        Assert.Equal(3, again.Version);
        Assert.Equal(largeHash, again.Artifact.Sha256);

        // The first instance reads the version the other one registered once it has caught up with the shared log (it would
        // within its change-poll interval; the refresh makes that explicit instead of racing the poll).
        await registry.RefreshAsync(deadline.Token);
        await using (Stream artifact = await registry.OpenArtifactAsync(Model, again.Version, deadline.Token))
        {
            var copy = new MemoryStream();
            await artifact.CopyToAsync(copy, deadline.Token);
            Assert.Equal(large, copy.ToArray());
        }

        // The cleanup, run a day and more later, aborts the killed writer's unfinished multipart upload; content objects stay.
        using var cleanupCache = new TemporaryDirectory("cleanup");
        var options = new S3ArtifactStoreOptions();
        fleet.Configure(options, cleanupCache.Path);
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow() + options.StagingRetention + TimeSpan.FromHours(1));
        using var cleaner = new S3ArtifactStore(options, later, logger: null);
        S3UploadCleanupResult cleaned = await cleaner.DeleteAbandonedUploadsAsync(deadline.Token);
        Assert.Equal(1, cleaned.AbortedMultipartUploads);
        Assert.Empty(await BucketInspector.MultipartUploadKeysAsync(raw, fleet.Bucket, fleet.Prefix));
        Assert.True(await cleaner.ExistsAsync(largeHash, deadline.Token));
    }

    /// <summary>Sends a command to a serving host and returns its one-line answer.</summary>
    private static async Task<string> AskAsync(HostProcess host, string command, CancellationToken cancellationToken)
    {
        await host.WriteLineAsync(command);
        return await host.ReadLineAsync(cancellationToken);
    }

    /// <summary>The same bytes the host's <c>register-then-hang-after-upload</c> command makes from the seed.</summary>
    private static byte[] SeededBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
