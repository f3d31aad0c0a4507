using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Scoring;

/// <summary>A lease on a loaded version a scorer serves (<see cref="IServingLeaseSource.TryLeaseServing"/>); disposing it ends the lease.</summary>
public interface IServingLease : IDisposable
{
    /// <summary>Gets the loaded version; use it only until the lease is disposed, and do not dispose it.</summary>
    ILoadedModel Model { get; }
}
