using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Rules;

namespace ModelOps.Sdk;

/// <summary>
/// Registers the <c>rules</c> flavor with ModelOps.Sdk.
/// </summary>
public static class RulesModelOpsBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="RulesFlavor"/> as an <see cref="IModelFlavor"/>, so versions registered with flavor <c>rules</c> are checked
    /// at registration and can be scored.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>Idempotent: calling it again adds nothing.</remarks>
    public static IModelOpsBuilder AddRules(this IModelOpsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, RulesFlavor>());
        return builder;
    }
}
