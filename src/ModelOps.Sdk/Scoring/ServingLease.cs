using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Scoring;

/// <summary>A counted lease on a serving generation, ended once however often it is disposed (the generation unloads at zero).</summary>
internal sealed class ServingLease<TInput, TOutput>(ServingGeneration<TInput, TOutput> generation) : IServingLease
    where TInput : class
    where TOutput : class
{
    private int _disposed;

    public ILoadedModel Model => generation.Model;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            generation.ReleaseCounted();
        }
    }
}
