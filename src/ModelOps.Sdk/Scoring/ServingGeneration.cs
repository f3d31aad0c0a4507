using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// One loaded version as a scorer serves it, with a lease count: the scorer holds one lease while the version is current, and each
/// call holds one while it runs. The version is disposed when the count reaches zero, so calls in flight always finish on it.
/// </summary>
internal sealed class ServingGeneration<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly Action<ServingGeneration<TInput, TOutput>> _onDrained;
    private int _leases = 1;

    public ServingGeneration(ILoadedModel model, IModelPredictor<TInput, TOutput> predictor, ServedModel served, DateTimeOffset since, Action<ServingGeneration<TInput, TOutput>> onDrained)
    {
        Model = model;
        Predictor = predictor;
        Served = served;
        Since = since;
        _onDrained = onDrained;
    }

    public ILoadedModel Model { get; }

    public IModelPredictor<TInput, TOutput> Predictor { get; }

    public ServedModel Served { get; }

    public DateTimeOffset Since { get; }

    /// <summary>Takes a lease unless the generation has already drained; lock-free and allocation-free.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var leases = Volatile.Read(ref _leases);
            if (leases == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            _onDrained(this);
        }
    }
}
