using System.Collections.Concurrent;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>
/// Instances sharing one PostgreSQL registry write concurrently; every call must be told what its own committed entry says, never a
/// later writer's move that the refresh after the commit brought in.
/// </summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlConcurrentWriterTests(PostgreSqlFixture fixture)
{
    private const string Model = "credit";
    private const string Champion = "champion";

    [Fact]
    public async Task AliasMoves_FourInstancesRacing_EachSuccessfulCallReturnsItsOwnEntry()
    {
        const int writers = 4;
        const int callsPerWriter = 250;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var host = new PostgreSqlRegistryHost(fixture, "ownresult");
        var registries = Enumerable.Range(0, writers).Select(_ => host.AddRegistry().Registry).ToArray();
        for (var i = 0; i < 2 * writers; i++)
        {
            await registries[0].RegisterAsync(PostgreSqlRegistryHost.Registration(Model, $"v{i + 1}"), deadline.Token);
        }

        await registries[0].SetAliasAsync(Model, Champion, 1, cancellationToken: deadline.Token);
        await Task.WhenAll(registries.Select(r => r.RefreshAsync(deadline.Token).AsTask()));
        var returned = new ConcurrentBag<(string Reason, ModelAlias Alias)>();
        var conflicts = 0;
        using var start = new Barrier(writers);
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait(deadline.Token);
            int? expected = 1;
            for (var k = 0; k < callsPerWriter; k++)
            {
                // Each writer alternates between two versions of its own and feeds each answer back as its next expectation, the way
                // a caller of MoveAliasAsync does; a returned version names the writer whose entry it is.
                var target = (2 * w) + 1 + (k % 2);
                if (target == expected)
                {
                    target = (2 * w) + 2 - (k % 2);
                }

                var reason = $"writer {w} call {k}";
                try
                {
                    // Half the writers move unconditionally: their retries after a conflict commit right behind another writer.
                    var moved = w % 2 == 0
                        ? await registries[w].MoveAliasAsync(Model, Champion, target, expected, reason, deadline.Token)
                        : await registries[w].SetAliasAsync(Model, Champion, target, reason, deadline.Token);
                    returned.Add((reason, moved));
                    expected = moved.Version;
                }
                catch (ConcurrencyConflictException conflict)
                {
                    Interlocked.Increment(ref conflicts);
                    expected = conflict.ActualVersion;
                }
            }
        }, deadline.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
        await Task.WhenAll(tasks).WaitAsync(deadline.Token);

        await registries[0].RefreshAsync(deadline.Token);
        var history = (await registries[0].GetAliasHistoryAsync(Model, Champion, deadline.Token)).ToDictionary(c => c.Sequence);
        var wrong = returned.Where(r => !history.TryGetValue(r.Alias.Sequence, out var change) || change.Reason != r.Reason || change.Version != r.Alias.Version).ToArray();
        Assert.True(wrong.Length == 0,
            $"{wrong.Length} of {returned.Count} successful moves ({conflicts} conflicts) returned an entry that is not their own, e.g. "
            + string.Join("; ", wrong.Take(3).Select(w => $"{w.Reason} got v{w.Alias.Version} at sequence {w.Alias.Sequence}")));
        Assert.Equal(returned.Count + 1, history.Count); // every successful call wrote exactly one move, after the initial one
    }
}
