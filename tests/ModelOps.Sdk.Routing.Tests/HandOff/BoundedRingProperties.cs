using FsCheck;
using FsCheck.Xunit;
using ModelOps.Sdk.Routing.HandOff;

namespace ModelOps.Sdk.Routing.Tests.HandOff;

/// <summary>The hand-off queues' lock-free ring is a bounded FIFO that holds exactly its capacity and loses or repeats nothing under concurrency.</summary>
public sealed class BoundedRingProperties
{
    /// <summary>Any sequence of enqueues and dequeues on one thread behaves like a <see cref="Queue{T}"/> bounded at the capacity (powers of two or not).</summary>
    [Property(MaxTest = 200)]
    public void Operations_OnOneThread_BehaveLikeABoundedQueue(PositiveInt capacityChoice, bool[] enqueues)
    {
        var capacity = (capacityChoice.Get % 40) + 1;
        var ring = new BoundedRing<int>(capacity);
        var model = new Queue<int>();
        var next = 0;
        foreach (var enqueue in enqueues ?? [])
        {
            if (enqueue)
            {
                Assert.Equal(model.Count < capacity, ring.TryEnqueue(next));
                if (model.Count < capacity)
                {
                    model.Enqueue(next);
                }

                next++;
            }
            else
            {
                Assert.Equal(model.Count > 0, ring.TryDequeue(out var item));
                if (model.Count > 0)
                {
                    Assert.Equal(model.Dequeue(), item);
                }
            }

            Assert.Equal(model.Count == 0, ring.IsEmpty);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(100)]
    public async Task ConcurrentProducersAndConsumers_EveryItemIsTakenExactlyOnce(int capacity)
    {
        const int producers = 4;

        // At capacity 1 every item is a hand-off between two of six spinning threads: on two oversubscribed cores (a loaded run with
        // builds beside it) 100,000 of them took over a minute. 20,000 still make every interleaving the ring allows common.
        var perProducer = capacity == 1 ? 5_000 : 25_000;
        const int consumers = 2;
        var ring = new BoundedRing<long>(capacity);
        var taken = new List<long>[consumers];
        var remaining = producers * perProducer;
        var full = 0L;
        var tasks = Enumerable.Range(0, producers).Select(p => Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    var spinner = default(SpinWait);
                    while (!ring.TryEnqueue(((long)p << 32) | (uint)i))
                    {
                        Interlocked.Increment(ref full);
                        spinner.SpinOnce(sleep1Threshold: -1);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).Concat(Enumerable.Range(0, consumers).Select(c => Task.Factory.StartNew(
            () =>
            {
                var mine = taken[c] = [];
                var spinner = default(SpinWait);
                while (Volatile.Read(ref remaining) > 0)
                {
                    if (ring.TryDequeue(out var item))
                    {
                        mine.Add(item);
                        Interlocked.Decrement(ref remaining);
                        spinner.Reset();
                    }
                    else
                    {
                        spinner.SpinOnce(sleep1Threshold: -1);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))).ToArray();

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(3)); // a guard against a lost item (consumers would spin forever), not a timing

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(producers * perProducer, all.Count);
        Assert.Equal(producers * perProducer, all.Distinct().Count());
        // Each consumer sees each producer's items in the order they were queued (FIFO per producer).
        foreach (var mine in taken)
        {
            foreach (var fromOne in mine.GroupBy(item => item >> 32))
            {
                Assert.Equal(fromOne.OrderBy(item => item), fromOne);
            }
        }

        Assert.True(ring.IsEmpty);
        Assert.False(ring.TryDequeue(out _));
    }
}
