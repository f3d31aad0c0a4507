using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Policies;
using ModelOps.Sdk.Cli.Security;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// Wires the registry exactly as a host would (<c>AddModelOps</c> plus governance), over the store the configuration chooses:
/// metadata in PostgreSQL when <c>PostgreSql:ConnectionString</c> is set, otherwise in the filesystem store at <c>Store:Path</c> (the
/// library's default folder when unset); artifacts in S3 when <c>S3:BucketName</c> is set, otherwise under <c>Store:Path</c>. Bundle options bind from <c>Bundles</c>.
/// The built-in flavors (ML.NET, ONNX, rules) inspect every registration as they do in a host, and so do the custom flavors of
/// the assemblies <c>Flavors:Assemblies</c> names (<see cref="FlavorAssemblies"/>).
/// </summary>
internal static class RegistryServices
{
    public static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        var builder = services.AddModelOps(options => configuration.GetSection(ModelOpsOptions.SectionName).Bind(options));
        builder.UseActorAccessor<ConfiguredActorAccessor>();

        // The filesystem store first; PostgreSQL then replaces the metadata store and S3 the artifact store, so PostgreSQL without S3
        // keeps its artifacts under Store:Path rather than the library's default folder.
        builder.UseFileSystem(configuration["Store:Path"], options => configuration.GetSection("Store").Bind(options));
        var postgreSql = configuration.GetSection("PostgreSql");
        if (!string.IsNullOrWhiteSpace(postgreSql["ConnectionString"]))
        {
            builder.UsePostgreSql(options => postgreSql.Bind(options));
        }

        var s3 = configuration.GetSection("S3");
        if (!string.IsNullOrWhiteSpace(s3["BucketName"]))
        {
            builder.UseS3(options => s3.Bind(options));
        }

        builder.AddMLNet().AddOnnx(options => configuration.GetSection("Onnx").Bind(options)).AddRules();
        FlavorAssemblies.Add(configuration, builder);
        builder.AddGovernance();
        services.AddOptions<GovernanceOptions>().Configure<PromotionGateCatalog>((options, catalog) => GovernancePolicyConfiguration.Apply(configuration, options, catalog));
        builder.AddModelBundles(options => configuration.GetSection("Bundles").Bind(options));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
