using System.Globalization;
using Microsoft.Extensions.Configuration;
using ModelOps.Sdk.Cli.Errors;
using ModelOps.Sdk.Configuration;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Cli.Policies;

/// <summary>
/// Reads the roles and champion alias of the <c>ModelOps:Governance</c> configuration section (or, when it is absent, the tool's older
/// root-level <c>Governance</c> section), so the tool enforces the same roles as the hosts that share the registry (docs/cli.md,
/// "Governance policy"): an empty role value means anyone may. The section's <c>ProtectedAliases</c> and promotion
/// policies (<c>RequiredApprovals</c>, <c>Gates</c>, <c>Models</c>) are read by the governance package itself,
/// from the section <see cref="Section"/> chooses, exactly as in a host.
/// </summary>
internal static class GovernancePolicyConfiguration
{
    public const string SectionName = "ModelOps:Governance";

    /// <summary>The tool's older root-level section, read when <see cref="SectionName"/> is absent (so errors name the key written).</summary>
    public const string LegacySectionName = "Governance";

    /// <summary>
    /// The configuration the governance package reads its policies from: the <c>ModelOps</c> section, or the configuration root when
    /// only the older root-level <c>Governance</c> section is set, so its errors name the keys as written.
    /// </summary>
    public static IModelOpsConfiguration Section(IConfiguration configuration) =>
        new ToolConfiguration(configuration.GetSection(SectionName).Exists() || !configuration.GetSection(LegacySectionName).Exists()
            ? configuration.GetSection(ModelOpsOptions.SectionName)
            : configuration);

    public static void Apply(IConfiguration configuration, GovernanceOptions options)
    {
        var section = configuration.GetSection(SectionName) is { } current && current.Exists() ? current : configuration.GetSection(LegacySectionName);
        options.EnforceRoles = Value(section, "EnforceRoles", options.EnforceRoles);
        options.ChampionAlias = section["ChampionAlias"] ?? options.ChampionAlias;
        var roles = section.GetSection("Roles");
        options.Roles.Register = RoleValue(roles, "Register", options.Roles.Register);
        options.Roles.Approve = RoleValue(roles, "Approve", options.Roles.Approve);
        options.Roles.Administer = RoleValue(roles, "Administer", options.Roles.Administer);
        options.Roles.Deploy = RoleValue(roles, "Deploy", options.Roles.Deploy);
        options.Roles.ChangePolicy = RoleValue(roles, "ChangePolicy", options.Roles.ChangePolicy);
    }

    private static string? RoleValue(IConfigurationSection roles, string key, string? fallback)
    {
        var child = roles.GetSection(key);
        if (!child.Exists())
        {
            return fallback;
        }

        // An empty value means "anyone may", as a null role does in GovernanceRoles.
        return string.IsNullOrWhiteSpace(child.Value) ? null : child.Value;
    }

    private static T Value<T>(IConfigurationSection section, string key, T fallback)
    {
        try
        {
            return section.GetSection(key).Value is null ? fallback : section.GetValue(key, fallback)!;
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException(
                string.Create(CultureInfo.InvariantCulture, $"configuration '{section.Path}:{key}' is '{section[key]}', which is not a valid {Nullable.GetUnderlyingType(typeof(T))?.Name ?? typeof(T).Name}"),
                ex);
        }
    }

    private sealed class ToolConfiguration(IConfiguration section) : IModelOpsConfiguration
    {
        public IConfiguration Section { get; } = section;
    }
}
