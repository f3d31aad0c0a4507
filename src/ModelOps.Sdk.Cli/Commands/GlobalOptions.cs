using System.CommandLine;

namespace ModelOps.Sdk.Cli.Commands;

/// <summary>The options every command accepts (recursive on the root command).</summary>
internal static class GlobalOptions
{
    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Write the result to stdout as JSON (for machines) instead of a table.",
        Recursive = true,
    };

    public static Option<string?> Store { get; } = new("--store")
    {
        Description = "The filesystem registry's directory (configuration Store:Path, environment MODELOPS_STORE__PATH).",
        Recursive = true,
    };

    public static Option<string?> Config { get; } = new("--config")
    {
        Description = "A JSON configuration file to read instead of ./appsettings.json.",
        Recursive = true,
    };

    public static Option<string?> Actor { get; } = new("--actor")
    {
        Description = "Who is acting, for the audit log and governance (configuration Actor, environment MODELOPS_ACTOR).",
        Recursive = true,
    };

    public static Option<string?> Roles { get; } = new("--roles")
    {
        Description = "The acting principal's roles, comma-separated (configuration Roles, environment MODELOPS_ROLES).",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Json);
        root.Options.Add(Store);
        root.Options.Add(Config);
        root.Options.Add(Actor);
        root.Options.Add(Roles);
    }
}
