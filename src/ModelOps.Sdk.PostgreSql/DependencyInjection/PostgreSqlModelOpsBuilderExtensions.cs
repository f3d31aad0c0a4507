using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.PostgreSql;
using ModelOps.Sdk.Storage;
using Npgsql;

namespace ModelOps.Sdk;

/// <summary>
/// Chooses the PostgreSQL metadata store for ModelOps.Sdk: <c>services.AddModelOps().UsePostgreSql(dataSource)</c>, or
/// <c>.UsePostgreSql(options =&gt; options.ConnectionString = ...)</c>.
/// </summary>
/// <remarks>
/// Only the metadata side is replaced: artifacts stay in the artifact store registered otherwise (the filesystem by default, or an
/// object store), so PostgreSQL combines with any artifact provider.
/// </remarks>
public static class PostgreSqlModelOpsBuilderExtensions
{
    /// <summary>
    /// Stores the registry's metadata in PostgreSQL through the application's own <see cref="NpgsqlDataSource"/> (not disposed by
    /// the store), replacing any metadata store registered before.
    /// </summary>
    /// <param name="builder">The ModelOps builder.</param>
    /// <param name="dataSource">The data source. Do not enable multiplexing when change notifications are on.</param>
    /// <param name="configure">Sets further options (schema, migrations, retries), or <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Options bound from configuration with <c>services.Configure&lt;PostgreSqlStorageOptions&gt;(section)</c> apply too;
    /// <see cref="PostgreSqlStorageOptions.ConnectionString"/> is ignored. The options are validated when the store is first resolved.
    /// </remarks>
    public static IModelOpsBuilder UsePostgreSql(this IModelOpsBuilder builder, NpgsqlDataSource dataSource, Action<PostgreSqlStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        var services = builder.Services;
        AddOptions(services, configure);
        services.Replace(ServiceDescriptor.Singleton(new PostgreSqlDataSourceRegistration(dataSource)));
        services.Replace(ServiceDescriptor.Singleton<IModelMetadataStore>(CreateStore));
        return builder;
    }

    /// <summary>
    /// Stores the registry's metadata in PostgreSQL, connecting with <see cref="PostgreSqlStorageOptions.ConnectionString"/>,
    /// replacing any metadata store registered before.
    /// </summary>
    /// <param name="builder">The ModelOps builder.</param>
    /// <param name="configure">Sets the options, on top of any bound from configuration.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// The store builds its own data source from the connection string and disposes it with the service provider. The options are
    /// validated when the store is first resolved (and at host start when there is a host): a missing or unparsable connection
    /// string, or a bad schema name, fails with an <see cref="OptionsValidationException"/> that never echoes the connection string.
    /// </remarks>
    public static IModelOpsBuilder UsePostgreSql(this IModelOpsBuilder builder, Action<PostgreSqlStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return UsePostgreSqlCore(builder, configure);
    }

    /// <summary>
    /// Stores the registry's metadata in PostgreSQL with options bound from configuration, for example with
    /// <c>services.Configure&lt;PostgreSqlStorageOptions&gt;(configuration.GetSection("ModelOps:PostgreSql"))</c>, replacing any
    /// metadata store registered before.
    /// </summary>
    /// <param name="builder">The ModelOps builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>Otherwise the same as <see cref="UsePostgreSql(IModelOpsBuilder, Action{PostgreSqlStorageOptions})"/>.</remarks>
    public static IModelOpsBuilder UsePostgreSql(this IModelOpsBuilder builder) => UsePostgreSqlCore(builder, null);

    private static IModelOpsBuilder UsePostgreSqlCore(IModelOpsBuilder builder, Action<PostgreSqlStorageOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddOptions(services, configure);
        services.RemoveAll<PostgreSqlDataSourceRegistration>();
        services.Replace(ServiceDescriptor.Singleton<IModelMetadataStore>(CreateStore));
        return builder;
    }

    private static void AddOptions(IServiceCollection services, Action<PostgreSqlStorageOptions>? configure)
    {
        // Registered once: repeated validators would report every failure twice.
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<PostgreSqlStorageOptions>) && d.ImplementationType == typeof(PostgreSqlStorageOptionsValidator)))
        {
            services.AddOptions<PostgreSqlStorageOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStorageOptions>, PostgreSqlStorageOptionsValidator>());
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }
    }

    private static PostgreSqlMetadataStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value;
        var time = services.GetService<TimeProvider>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger<PostgreSqlMetadataStore>();
        return services.GetService<PostgreSqlDataSourceRegistration>() is { } registration
            ? new PostgreSqlMetadataStore(registration.DataSource, options, time, logger)
            : new PostgreSqlMetadataStore(options, time, logger);
    }
}
