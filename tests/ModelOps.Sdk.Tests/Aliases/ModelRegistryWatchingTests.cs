using Microsoft.Extensions.Primitives;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.Tests.Aliases;

public sealed class ModelRegistryWatchingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WatchAliasAsync_ChangeAfterTheCallButBeforeTheFirstRead_IsDelivered()
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync("credit", 1);

        // "Streams every change of an alias from now on": now is the call, not the first MoveNextAsync.
        var stream = host.Registry.WatchAliasAsync("credit", "champion");
        await host.Registry.SetAliasAsync("credit", "champion", 1);

        // Not disposed with "await using": if the change is lost, MoveNextAsync stays pending until the host is disposed.
        var enumerator = stream.GetAsyncEnumerator();
        var next = enumerator.MoveNextAsync().AsTask();

        // The change is already in the subscription's channel, so the item is ready at once; the timeout only bounds a failure.
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)), "The alias change made between WatchAliasAsync and the first MoveNextAsync was not delivered.");
        Assert.Equal(1, enumerator.Current.Version);
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task WatchAliasAsync_Cancelled_EndsTheStream()
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync("credit", 1);
        using var cancellation = new CancellationTokenSource();
        var watching = ConsumeAsync(host.Registry.WatchAliasAsync("credit", "champion", cancellation.Token));

        await host.Registry.SetAliasAsync("credit", "champion", 1);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching.WaitAsync(Timeout));
        Assert.Equal(1, (await host.Registry.ResolveAliasAsync("credit", "champion")).Version);
    }

    [Fact]
    public async Task WatchAliasAsync_ReaderThatDoesNotRead_DoesNotBlockWritersAndLaterGetsEveryChange()
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync("credit", 2);
        await using var enumerator = host.Registry.WatchAliasAsync("credit", "champion").GetAsyncEnumerator();
        var first = enumerator.MoveNextAsync().AsTask();

        for (var i = 0; i < 200; i++)
        {
            await host.Registry.SetAliasAsync("credit", "champion", 1 + (i % 2));
        }

        Assert.True(await first.WaitAsync(Timeout));
        var versions = new List<int?> { enumerator.Current.Version };
        while (versions.Count < 200)
        {
            Assert.True(await enumerator.MoveNextAsync().AsTask().WaitAsync(Timeout));
            versions.Add(enumerator.Current.Version);
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (int?)(1 + (i % 2))), versions);
    }

    [Fact]
    public async Task GetAliasChangeToken_WithChangeTokenOnChange_CallsBackOncePerChange()
    {
        await using var host = RegistryHost.Create();
        await host.RegisterVersionsAsync("credit", 3);
        var calls = 0;
        using var subscription = ChangeToken.OnChange(() => host.Registry.GetAliasChangeToken("credit", "champion"), () => Interlocked.Increment(ref calls));

        await host.Registry.SetAliasAsync("credit", "champion", 1);
        await host.Registry.SetAliasAsync("credit", "champion", 2);
        await host.Registry.SetAliasAsync("credit", "champion", 2);
        await host.Registry.RollbackAliasAsync("credit", "champion", "back");

        Assert.Equal(3, Volatile.Read(ref calls));
    }

    private static async Task ConsumeAsync(IAsyncEnumerable<AliasChange> stream)
    {
        await foreach (var change in stream)
        {
            Assert.NotNull(change);
        }
    }
}
