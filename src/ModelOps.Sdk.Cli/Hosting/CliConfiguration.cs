using System.CommandLine;
using Microsoft.Extensions.Configuration;
using ModelOps.Sdk.Cli.Commands;
using ModelOps.Sdk.Cli.Errors;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// Builds the tool's configuration, later sources overriding earlier ones: <c>appsettings.json</c> in the working directory (or the
/// file named by <c>--config</c>), environment variables prefixed <c>MODELOPS_</c> (<c>__</c> separates sections), then options.
/// Settings live in the <c>ModelOps</c> section a host binds (<c>ModelOps:Store:RootPath</c>, <c>ModelOps:PostgreSql</c>...); the
/// tool's older keys (<c>Store:Path</c>, root-level <c>PostgreSql</c>, <c>S3</c>, <c>Onnx</c>, <c>Governance</c>, <c>Bundles</c>) are
/// read as aliases (<see cref="LegacyConfigurationKeys"/>).
/// </summary>
internal static class CliConfiguration
{
    public const string EnvironmentPrefix = "MODELOPS_";

    public static IConfiguration Build(ParseResult parseResult)
    {
        var file = parseResult.GetValue(GlobalOptions.Config);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        AddIfSet(overrides, "ModelOps:Store:RootPath", parseResult.GetValue(GlobalOptions.Store));
        AddIfSet(overrides, "Actor", parseResult.GetValue(GlobalOptions.Actor));
        AddIfSet(overrides, "Roles", parseResult.GetValue(GlobalOptions.Roles));
        if (parseResult.CommandResult.Command.Options.FirstOrDefault(o => o.Name == ReportCommands.TimeZoneOptionName) is Option<string> zone)
        {
            // The reader's choice for this report: above every other source.
            AddIfSet(overrides, ReportCommands.TimeZoneKey, parseResult.GetValue(zone));
        }

        try
        {
            // Each source is read on its own and its legacy keys rewritten there, so later sources still override earlier ones.
            var fileSource = new ConfigurationBuilder();
            if (file is null)
            {
                fileSource.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
            }
            else
            {
                var path = Path.GetFullPath(file);
                if (!File.Exists(path))
                {
                    throw new CliUsageException($"the configuration file '{path}' does not exist");
                }

                fileSource.AddJsonFile(path, optional: false, reloadOnChange: false);
            }

            var environment = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).Build();
            return new ConfigurationBuilder()
                .AddInMemoryCollection(LegacyConfigurationKeys.Rewrite(fileSource.Build().AsEnumerable(makePathsRelative: true)))
                .AddInMemoryCollection(LegacyConfigurationKeys.Rewrite(environment.AsEnumerable(makePathsRelative: true)))
                .AddInMemoryCollection(overrides)
                .Build();
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
