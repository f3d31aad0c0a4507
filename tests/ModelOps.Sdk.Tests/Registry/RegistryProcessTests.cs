using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Tests.Processes;
using ModelOps.Sdk.Tests.Storage.FileSystem;
using Xunit.Abstractions;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// The registry across processes on one filesystem root: concurrent registrations, a registration killed in the middle of its artifact,
/// and an alias moved by another process reaching this one's watchers. The children run <c>ModelOps.Sdk.ProcessHost</c>.
/// </summary>
[Collection(ProcessTestsDefinition.Name)]
public sealed class RegistryProcessTests(ITestOutputHelper output) : IDisposable
{
    private const string Model = "credit";
    private const string Champion = "champion";
    private const int LargeArtifactMegabytes = 64;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private static readonly string ThisWriter = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly TemporaryDirectory _directory = new();
    private readonly CancellationTokenSource _deadline = new(Deadline);

    public void Dispose()
    {
        _deadline.Dispose();
        _directory.Dispose();
    }

    [Property(Arbitrary = [typeof(RegistrationCounts)], MaxTest = 5)]
    public async Task RegisterAsync_TwoProcessesAndThisOne_AssignGaplessUniqueVersions(RegistrationCounts counts)
    {
        using var root = new TemporaryDirectory();
        await using ServiceProvider provider = BuildProvider(root.Path);
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RefreshAsync(_deadline.Token); // opens the stores now, so this process is ready when the children are

        await using HostProcess first = HostProcess.Start("register", root.Path, Model, counts.First.ToString(CultureInfo.InvariantCulture));
        await using HostProcess second = HostProcess.Start("register", root.Path, Model, counts.Second.ToString(CultureInfo.InvariantCulture));
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<List<int>> firstVersions = ReadVersionsAsync(first, firstStarted);
        Task<List<int>> secondVersions = ReadVersionsAsync(second, secondStarted);

        // Start once both children are registering, so that all three writers overlap as far as the counts allow.
        await Task.WhenAll(firstStarted.Task, secondStarted.Task).WaitAsync(_deadline.Token);
        var ownVersions = new List<int>();
        for (int i = 0; i < counts.ThisProcess; i++)
        {
            ModelVersion version = await registry.RegisterAsync(Registration(ThisWriter, i, Encoding.UTF8.GetBytes($"{ThisWriter}:{i}")), _deadline.Token);
            ownVersions.Add(version.Version);
        }

        var printed = new Dictionary<string, List<int>>(StringComparer.Ordinal)
        {
            [first.Id.ToString(CultureInfo.InvariantCulture)] = await firstVersions,
            [second.Id.ToString(CultureInfo.InvariantCulture)] = await secondVersions,
            [ThisWriter] = ownVersions,
        };
        Assert.Equal(counts.First, printed[first.Id.ToString(CultureInfo.InvariantCulture)].Count);
        Assert.Equal(counts.Second, printed[second.Id.ToString(CultureInfo.InvariantCulture)].Count);
        Assert.All(printed.Values, got => Assert.Equal(got.Order(), got)); // each writer sees its own versions increase
        Assert.Equal(Enumerable.Range(1, counts.Total), printed.Values.SelectMany(got => got).Order());

        await registry.RefreshAsync(_deadline.Token);
        ModelVersionPage listed = await registry.ListVersionsAsync(Model, pageSize: 1000, cancellationToken: _deadline.Token);
        Assert.Equal(Enumerable.Range(1, counts.Total), listed.Items.Select(v => v.Version));
        foreach (ModelVersion version in listed.Items)
        {
            // The number a writer was told is the version that holds its registration.
            string writer = version.Tags["writer"];
            int index = int.Parse(version.Tags["index"], CultureInfo.InvariantCulture);
            Assert.Equal(printed[writer][index], version.Version);
        }

        await AssertAuditChainValidAsync(registry, expectedEntries: counts.Total);
        output.WriteLine($"{counts}: writers in version order {string.Join(' ', listed.Items.Select(v => v.Tags["writer"]))}");
    }

    [Fact]
    public async Task RegisterAsync_ProcessKilledMidArtifact_LeavesNoVersionAndTheNextRegistrationIsVersionOne()
    {
        int killed = await KillWhileRegisteringLargeArtifactAsync();

        await using (ServiceProvider provider = BuildProvider(_directory.Path))
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            await registry.RefreshAsync(_deadline.Token);
            Assert.Empty(await ListVersionsOrNoneAsync(registry));
            await AssertAuditChainValidAsync(registry, expectedEntries: 0);

            ModelVersion next = await registry.RegisterAsync(Registration(ThisWriter, 0, [1, 2, 3]), _deadline.Token);

            Assert.Equal(1, next.Version);
            await AssertAuditChainValidAsync(registry, expectedEntries: 1);
        }

        AssertTemporaryFilesOfDeadWriterAreCleaned(killed);
    }

    [Fact]
    public async Task RegisterAsync_ProcessKilledMidArtifactAfterAnEarlierVersion_KeepsExactlyThatVersionAndTheNextIsVersionTwo()
    {
        byte[] existing = new byte[300_000];
        new Random(20260301).NextBytes(existing);
        await using (ServiceProvider provider = BuildProvider(_directory.Path))
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            Assert.Equal(1, (await registry.RegisterAsync(Registration(ThisWriter, 0, existing), _deadline.Token)).Version);
        }

        int killed = await KillWhileRegisteringLargeArtifactAsync();

        await using (ServiceProvider provider = BuildProvider(_directory.Path))
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            await registry.RefreshAsync(_deadline.Token);
            ModelVersion only = Assert.Single(await ListVersionsOrNoneAsync(registry));
            Assert.Equal(1, only.Version);
            await using (Stream artifact = await registry.OpenArtifactAsync(Model, 1, _deadline.Token))
            {
                using var copy = new MemoryStream();
                await artifact.CopyToAsync(copy, _deadline.Token);
                Assert.Equal(existing, copy.ToArray());
            }

            await AssertAuditChainValidAsync(registry, expectedEntries: 1);

            ModelVersion next = await registry.RegisterAsync(Registration(ThisWriter, 1, [4, 5, 6]), _deadline.Token);

            Assert.Equal(2, next.Version);
            await AssertAuditChainValidAsync(registry, expectedEntries: 2);
        }

        AssertTemporaryFilesOfDeadWriterAreCleaned(killed);
    }

    [Fact]
    public async Task WatchAliasAsync_AliasMovedByAnotherProcess_DeliversTheMoveAndFiresTheChangeToken()
    {
        const string Reason = "promoted by another process";
        await using ServiceProvider provider = BuildProvider(_directory.Path, TimeSpan.FromMilliseconds(50));
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(Registration(ThisWriter, 0, [1]), _deadline.Token);
        await registry.RegisterAsync(Registration(ThisWriter, 1, [2]), _deadline.Token);
        await registry.SetAliasAsync(Model, Champion, 1, cancellationToken: _deadline.Token);
        long seenBefore = await registry.RefreshAsync(_deadline.Token);

        var tokenFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable callback = registry.GetAliasChangeToken(Model, Champion)
            .RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), tokenFired);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token);
        IAsyncEnumerator<AliasChange> changes = registry.WatchAliasAsync(Model, Champion, stopWatching.Token).GetAsyncEnumerator(stopWatching.Token);
        ValueTask<bool> next = changes.MoveNextAsync(); // runs the stream up to its first wait, which subscribes it
        try
        {
            Assert.False(next.IsCompleted, "The stream delivered a change made before it was subscribed.");

            long childSequence;
            await using (HostProcess mover = HostProcess.Start("move-alias", _directory.Path, Model, Champion, "2", Reason))
            {
                string line = Assert.Single(await mover.ReadToExitAsync(_deadline.Token));
                Assert.StartsWith("sequence ", line, StringComparison.Ordinal);
                childSequence = long.Parse(line["sequence ".Length..], CultureInfo.InvariantCulture);
            }

            Assert.True(await next.AsTask().WaitAsync(EventTimeout, _deadline.Token));
            AliasChange change = changes.Current;
            Assert.Equal(AliasChangeKind.Moved, change.Kind);
            Assert.Equal(2, change.Version);
            Assert.Equal(1, change.PreviousVersion);
            Assert.Equal(Reason, change.Reason);
            Assert.Equal(childSequence, change.Sequence);
            Assert.True(change.Sequence > seenBefore, $"The change has sequence {change.Sequence}, but this process had already seen {seenBefore}.");

            await tokenFired.Task.WaitAsync(EventTimeout, _deadline.Token);
            Assert.Equal(2, (await registry.ResolveAliasAsync(Model, Champion, _deadline.Token)).Version);
        }
        finally
        {
            await stopWatching.CancelAsync();
            await next.AsTask().ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await changes.DisposeAsync();
        }
    }

    private static ServiceProvider BuildProvider(string root, TimeSpan? pollInterval = null)
    {
        var services = new ServiceCollection();
        services.AddModelOps(options => options.ChangePollInterval = pollInterval ?? options.ChangePollInterval).UseFileSystem(root);
        return services.BuildServiceProvider();
    }

    private static ModelVersionRegistration Registration(string writer, int index, byte[] artifact) => new()
    {
        ModelName = Model,
        Flavor = "test",
        Artifact = new MemoryStream(artifact),
        Tags = new Dictionary<string, string>
        {
            ["writer"] = writer,
            ["index"] = index.ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>Reads a <c>register</c> child's <c>version N</c> lines up to <c>done</c> and its exit; signals after the first line.</summary>
    private async Task<List<int>> ReadVersionsAsync(HostProcess host, TaskCompletionSource started)
    {
        List<string> lines;
        try
        {
            lines = [await host.ReadLineAsync(_deadline.Token)];
            started.TrySetResult();
            lines.AddRange(await host.ReadToExitAsync(_deadline.Token));
        }
        catch (Exception exception)
        {
            started.TrySetException(exception);
            throw;
        }

        Assert.Equal("done", lines[^1]);
        return [.. lines[..^1].Select(line =>
        {
            Assert.StartsWith("version ", line, StringComparison.Ordinal);
            return int.Parse(line["version ".Length..], CultureInfo.InvariantCulture);
        })];
    }

    /// <summary>Starts <c>register-large-then-hang</c>, waits until it is half-way through the artifact, and kills it.</summary>
    /// <returns>The killed process's id.</returns>
    private async Task<int> KillWhileRegisteringLargeArtifactAsync()
    {
        await using HostProcess writer = HostProcess.Start(
            "register-large-then-hang", _directory.Path, Model, LargeArtifactMegabytes.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("HALFWAY", await writer.ReadLineAsync(_deadline.Token));

        // The upload is in flight: the writer's temporary file holds part of the artifact, and nothing refers to it yet.
        string temporary = Assert.Single(Directory.GetFiles(_directory.TemporaryFiles, $"{writer.Id}-*{FileSystemLayout.TemporaryFileExtension}"));
        long written = new FileInfo(temporary).Length;
        Assert.InRange(written, 1, (LargeArtifactMegabytes * 1024L * 1024L) - 1);
        output.WriteLine($"killed process {writer.Id} with {written} bytes of {LargeArtifactMegabytes} MiB in {Path.GetFileName(temporary)}");

        await writer.KillAsync(_deadline.Token);
        return writer.Id;
    }

    private async Task<IReadOnlyList<ModelVersion>> ListVersionsOrNoneAsync(IModelRegistry registry)
    {
        try
        {
            return (await registry.ListVersionsAsync(Model, pageSize: 1000, cancellationToken: _deadline.Token)).Items;
        }
        catch (ModelNotFoundException exception) when (exception.ModelName == Model)
        {
            return [];
        }
    }

    private async Task AssertAuditChainValidAsync(IModelRegistry registry, int expectedEntries)
    {
        var verification = await registry.VerifyAuditLogAsync(Model, cancellationToken: _deadline.Token);
        Assert.True(verification.IsValid, string.Join("; ", verification.Violations.Select(v => v.Message)));
        Assert.Equal(expectedEntries, verification.EntryCount);
    }

    private void AssertTemporaryFilesOfDeadWriterAreCleaned(int processId)
    {
        _ = new FileSystemArtifactStore(_directory.Options()); // creating a store deletes temporary files of processes that no longer run

        Assert.Empty(Directory.GetFiles(_directory.TemporaryFiles, $"{processId}-*{FileSystemLayout.TemporaryFileExtension}"));
    }
}
