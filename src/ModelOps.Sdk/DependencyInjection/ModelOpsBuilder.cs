using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.DependencyInjection;

/// <summary>The <see cref="IModelOpsBuilder"/> returned by <c>AddModelOps</c>.</summary>
internal sealed class ModelOpsBuilder(IServiceCollection services) : IModelOpsBuilder
{
    public IServiceCollection Services { get; } = services;
}
