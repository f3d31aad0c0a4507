using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// Loads custom flavors into the tool: <c>Flavors:Assemblies</c> lists assembly paths (relative to the working directory), and every
/// public, non-abstract <see cref="IModelFlavor"/> in them is registered as a singleton, created by dependency injection as
/// <c>AddFlavor&lt;T&gt;()</c> would in a host. A path that does not exist, or an assembly that does not load or holds no flavor, is
/// a usage error naming the configuration key. Dependencies the tool does not ship, native libraries included, are resolved from the
/// assembly's folder (<see cref="FlavorDependencyResolver"/>).
/// </summary>
internal static class FlavorAssemblies
{
    public const string SectionName = "Flavors:Assemblies";

    public static void Add(IConfiguration configuration, IModelOpsBuilder builder)
    {
        foreach (var entry in configuration.GetSection(SectionName).GetChildren())
        {
            if (string.IsNullOrWhiteSpace(entry.Value))
            {
                continue;
            }

            var path = Path.GetFullPath(entry.Value);
            if (!File.Exists(path))
            {
                throw new CliUsageException($"configuration '{entry.Path}' names '{entry.Value}', which does not exist ({path})");
            }

            Type[] flavors;
            try
            {
                // The default context resolves the SDK's own assemblies to the tool's copies, so the flavor implements the tool's IModelFlavor;
                // what the tool does not ship (managed or native) comes from the flavor's folder.
                FlavorDependencyResolver.AddFolderOf(path);
                var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
                flavors = assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IModelFlavor).IsAssignableFrom(t)).ToArray();
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or ReflectionTypeLoadException or TypeLoadException or FileNotFoundException)
            {
                throw new CliUsageException($"configuration '{entry.Path}': the assembly '{path}' does not load ({ex.Message})", ex);
            }

            if (flavors.Length == 0)
            {
                throw new CliUsageException($"configuration '{entry.Path}': the assembly '{path}' holds no public class implementing IModelFlavor");
            }

            foreach (var flavor in flavors)
            {
                builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IModelFlavor), flavor));
            }
        }
    }
}
