using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Policies;
using ModelOps.Sdk.Cli.Security;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// Wires the registry exactly as a host would (<c>AddModelOps</c> plus governance), over the store the configuration chooses:
/// PostgreSQL when <c>PostgreSql:ConnectionString</c> is set, otherwise the filesystem store at <c>Store:Path</c> (the library's
/// default folder when unset); artifacts go to S3 when <c>S3:BucketName</c> is set. Bundle options bind from <c>Bundles</c>.
/// </summary>
internal static class RegistryServices
{
    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        var builder = services.AddModelOps(options => configuration.GetSection(ModelOpsOptions.SectionName).Bind(options));
        builder.UseActorAccessor<ConfiguredActorAccessor>();

        var postgreSql = configuration.GetSection("PostgreSql");
        if (!string.IsNullOrWhiteSpace(postgreSql["ConnectionString"]))
        {
            builder.UsePostgreSql(options => postgreSql.Bind(options));
        }
        else
        {
            builder.UseFileSystem(configuration["Store:Path"], options => configuration.GetSection("Store").Bind(options));
        }

        var s3 = configuration.GetSection("S3");
        if (!string.IsNullOrWhiteSpace(s3["BucketName"]))
        {
            builder.UseS3(options => s3.Bind(options));
        }

        builder.AddGovernance(options => GovernancePolicyConfiguration.Apply(configuration, options));
        builder.AddModelBundles(options => configuration.GetSection("Bundles").Bind(options));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Describes the chosen store for people (no credentials).</summary>
    public static string DescribeStore(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["PostgreSql:ConnectionString"])
            ? "PostgreSQL" + (string.IsNullOrWhiteSpace(configuration["S3:BucketName"]) ? string.Empty : $" + S3 bucket {configuration["S3:BucketName"]}")
            : "filesystem " + (configuration["Store:Path"] ?? "(default folder)");
}
