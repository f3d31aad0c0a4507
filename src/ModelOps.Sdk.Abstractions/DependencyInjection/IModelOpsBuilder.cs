using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk;

/// <summary>
/// Configures ModelOps.Sdk in a service collection. Returned by <c>services.AddModelOps()</c>; storage is chosen with
/// <c>Use*</c> methods (<c>UseFileSystem</c>, <c>UseInMemory</c>) and add-on packages add features with <c>Add*</c> methods.
/// </summary>
public interface IModelOpsBuilder
{
    /// <summary>Gets the service collection being configured.</summary>
    IServiceCollection Services { get; }
}
