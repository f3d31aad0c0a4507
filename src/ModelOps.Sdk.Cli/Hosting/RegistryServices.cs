using ModelOps.Sdk.Reporting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Policies;
using ModelOps.Sdk.Cli.Security;
using ModelOps.Sdk.Governance.Bundles;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Onnx;
using ModelOps.Sdk.PostgreSql;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.Cli.Hosting;

/// <summary>
/// Wires the registry exactly as a host would (<c>AddModelOps</c> plus governance), over the store the configuration chooses:
/// metadata in PostgreSQL when <c>ModelOps:PostgreSql:ConnectionString</c> is set, otherwise in the filesystem store at
/// <c>ModelOps:Store:RootPath</c> (the library's default folder when unset); artifacts in S3 when <c>ModelOps:S3:BucketName</c> is
/// set, otherwise under the store's root. Each options class binds from its sub-section of <c>ModelOps</c>, as in a host using
/// ModelOps.Sdk.Hosting (the tool's older keys are rewritten to these by <see cref="CliConfiguration"/>).
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
        // keeps its artifacts under ModelOps:Store:RootPath rather than the library's default folder.
        var root = configuration.GetSection(ModelOpsOptions.SectionName);
        builder.UseFileSystem(null, options => root.GetSection(FileSystemStorageOptions.SectionName).Bind(options));
        var postgreSql = root.GetSection(PostgreSqlStorageOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(postgreSql["ConnectionString"]))
        {
            builder.UsePostgreSql(options => postgreSql.Bind(options));
        }

        var s3 = root.GetSection(S3ArtifactStoreOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(s3["BucketName"]))
        {
            builder.UseS3(options => s3.Bind(options));
        }

        builder.AddMLNet().AddOnnx(options => root.GetSection(OnnxFlavorOptions.SectionName).Bind(options)).AddRules();
        FlavorAssemblies.Add(configuration, builder);
        services.AddSingleton(GovernancePolicyConfiguration.Section(configuration));
        builder.AddGovernance(options => GovernancePolicyConfiguration.Apply(configuration, options));
        builder.AddModelBundles(options => root.GetSection(ModelBundleOptions.SectionName).Bind(options));
        builder.AddReporting(options => root.GetSection(ReportingOptions.SectionName).Bind(options));
        services.Configure<RetentionOptions>(options => root.GetSection(RetentionOptions.SectionName).Bind(options));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
