using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.Tests.Properties;

/// <summary>However many writers register at once, on one or two registry instances, version numbers are unique and gapless.</summary>
public sealed class VersionNumberProperties
{
    [Property(MaxTest = 50, Arbitrary = [typeof(WriterCountArbitrary)])]
    public async Task RegisterAsync_ConcurrentWriters_AssignUniqueGaplessVersions(WriterCount writers)
    {
        await using var host = RegistryHost.Create();
        await using var peer = host.CreatePeer();
        IModelRegistry[] registries = writers.TwoInstances ? [host.Registry, peer.Registry] : [host.Registry];

        var versions = await Task.WhenAll(Enumerable.Range(0, writers.Count)
                .Select(i => Task.Run(() => registries[i % registries.Length].RegisterAsync(RegistryHost.Registration("credit")))))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(1, writers.Count), versions.Select(v => v.Version).Order());
        await peer.Registry.RefreshAsync();
        var listed = await peer.Registry.ListVersionsAsync("credit", pageSize: 1000);
        Assert.Equal(Enumerable.Range(1, writers.Count), listed.Items.Select(v => v.Version));
        Assert.Equal(
            versions.OrderBy(v => v.Version).Select(v => v.Artifact.Sha256),
            listed.Items.Select(v => v.Artifact.Sha256));
    }

    public sealed record WriterCount(int Count, bool TwoInstances);

    public static class WriterCountArbitrary
    {
        public static Arbitrary<WriterCount> Writers() =>
            Arb.From(
                from count in Gen.Choose(2, 32)
                from two in Gen.Elements(false, true)
                select new WriterCount(count, two),
                w => w.Count > 2 ? [w with { Count = 2 }, w with { Count = w.Count / 2 < 2 ? 2 : w.Count / 2 }] : []);
    }
}
