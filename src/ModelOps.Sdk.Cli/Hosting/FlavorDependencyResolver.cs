using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// Resolves what a flavor assembly loaded from <c>Flavors:Assemblies</c> depends on, from the folder it was published to: managed
/// assemblies the tool does not ship (for the optimization flavor, <c>Google.OrTools</c> and <c>Google.Protobuf</c>) and native
/// libraries under <c>runtimes/&lt;rid&gt;/native/</c> (OR-Tools' <c>google-ortools-native</c>), through the <c>.deps.json</c> files in
/// that folder, as .NET resolves a plugin's dependencies (<see cref="AssemblyDependencyResolver"/>).
/// </summary>
/// <remarks>
/// The flavor stays in the default context, so the SDK's own assemblies bind to the tool's copies and the flavor implements the
/// tool's <c>IModelFlavor</c>; the default context asks these resolvers only for what it cannot find itself. Besides the flavor's
/// own <c>.deps.json</c>, every other <c>.deps.json</c> in the folder is used, so the folder may be the published output of a project
/// of the user's own that references the flavor's package.
/// </remarks>
internal static class FlavorDependencyResolver
{
    private const string DepsSuffix = ".deps.json";
    private static readonly Lock Gate = new();
    private static readonly List<AssemblyDependencyResolver> Resolvers = [];
    private static readonly HashSet<string> Folders = new(StringComparer.Ordinal);
    private static bool s_hooked;

    /// <summary>Makes the dependencies published beside <paramref name="assemblyPath"/> resolvable in the default context.</summary>
    public static void AddFolderOf(string assemblyPath)
    {
        var folder = Path.GetDirectoryName(assemblyPath)!;
        lock (Gate)
        {
            if (!s_hooked)
            {
                AssemblyLoadContext.Default.Resolving += ResolveAssembly;
                AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveUnmanagedDll;
                s_hooked = true;
            }

            if (!Folders.Add(folder))
            {
                return;
            }

            var components = Directory.EnumerateFiles(folder, "*" + DepsSuffix)
                .Select(deps => Path.Combine(folder, Path.GetFileName(deps)[..^DepsSuffix.Length] + ".dll"))
                .Where(File.Exists)
                .Prepend(assemblyPath)
                .Distinct(StringComparer.Ordinal);
            foreach (var component in components)
            {
                try
                {
                    Resolvers.Add(new AssemblyDependencyResolver(component));
                }
                catch (InvalidOperationException)
                {
                    // A .deps.json the host cannot read: that folder entry resolves nothing, and a missing dependency is reported when the flavor loads.
                }
            }
        }
    }

    private static Assembly? ResolveAssembly(AssemblyLoadContext context, AssemblyName name)
    {
        foreach (var resolver in Snapshot())
        {
            if (resolver.ResolveAssemblyToPath(name) is { } path)
            {
                return context.LoadFromAssemblyPath(path);
            }
        }

        return null;
    }

    private static IntPtr ResolveUnmanagedDll(Assembly assembly, string name)
    {
        foreach (var resolver in Snapshot())
        {
            if (resolver.ResolveUnmanagedDllToPath(name) is { } path)
            {
                return NativeLibrary.Load(path);
            }
        }

        return IntPtr.Zero;
    }

    private static AssemblyDependencyResolver[] Snapshot()
    {
        lock (Gate)
        {
            return [.. Resolvers];
        }
    }
}
