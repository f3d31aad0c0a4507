using System.CommandLine;
using Microsoft.Extensions.Configuration;
using ModelOps.Sdk.Cli.Commands;
using ModelOps.Sdk.Cli.Errors;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// Builds the tool's configuration, later sources overriding earlier ones: <c>appsettings.json</c> in the working directory (or the
/// file named by <c>--config</c>), environment variables prefixed <c>MODELOPS_</c> (<c>__</c> separates sections), then options.
/// </summary>
internal static class CliConfiguration
{
    public const string EnvironmentPrefix = "MODELOPS_";

    public static IConfiguration Build(ParseResult parseResult)
    {
        var builder = new ConfigurationBuilder();
        var file = parseResult.GetValue(GlobalOptions.Config);
        if (file is null)
        {
            builder.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
        }
        else
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new CliUsageException($"the configuration file '{path}' does not exist");
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);

        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        AddIfSet(overrides, "Store:Path", parseResult.GetValue(GlobalOptions.Store));
        AddIfSet(overrides, "Actor", parseResult.GetValue(GlobalOptions.Actor));
        AddIfSet(overrides, "Roles", parseResult.GetValue(GlobalOptions.Roles));
        builder.AddInMemoryCollection(overrides);

        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException($"the configuration cannot be read: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"the configuration cannot be read: {ex.Message}", ex);
        }
    }

    private static void AddIfSet(Dictionary<string, string?> values, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            values[key] = value;
        }
    }
}
