using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.PostgreSql.Tests.DependencyInjection;

/// <summary><c>UsePostgreSql</c> from a data source, from a connection string, and from <c>appsettings.json</c>-style configuration.</summary>
[Collection(PostgreSqlServerGroup.Name)]
public sealed class PostgreSqlModelOpsBuilderExtensionsTests(PostgreSqlFixture fixture)
{
    [Fact]
    public async Task UsePostgreSql_BoundFromConfiguration_BuildsAWorkingRegistry_AndKeepsTheArtifactStore()
    {
        var schema = PostgreSqlFixture.NewSchemaName("config");
        var artifacts = Path.Combine(Path.GetTempPath(), "modelops-pg-config-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelOps:PostgreSql:ConnectionString"] = fixture.ConnectionString,
                ["ModelOps:PostgreSql:Schema"] = schema,
                ["ModelOps:PostgreSql:MaxRetryAttempts"] = "5",
                ["ModelOps:PostgreSql:RetryDelay"] = "00:00:00.100",
                ["ModelOps:PostgreSql:EnableChangeNotifications"] = "false",
            })
            .Build();
        var services = new ServiceCollection();
        services.Configure<PostgreSqlStorageOptions>(configuration.GetSection("ModelOps:PostgreSql"));
        services.AddModelOps().UseFileSystem(artifacts).UsePostgreSql();
        try
        {
            await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }))
            {
                var options = provider.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value;
                Assert.Equal((schema, 5, TimeSpan.FromMilliseconds(100), false), (options.Schema, options.MaxRetryAttempts, options.RetryDelay, options.EnableChangeNotifications));
                Assert.IsType<PostgreSqlMetadataStore>(provider.GetRequiredService<IModelMetadataStore>());
                Assert.IsNotType<PostgreSqlMetadataStore>(provider.GetRequiredService<IArtifactStore>());

                var registry = provider.GetRequiredService<IModelRegistry>();
                var version = await registry.RegisterAsync(PostgreSqlRegistryHost.Registration("credit", "bytes"));
                Assert.Equal(1, version.Version);
            }

            // The store built its own data source from the connection string and disposed it with the provider; the data stayed.
            await using var check = fixture.DataSource.CreateCommand($"SELECT count(*) FROM \"{schema}\".journal");
            Assert.Equal(1L, await check.ExecuteScalarAsync());
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
            if (Directory.Exists(artifacts))
            {
                Directory.Delete(artifacts, recursive: true);
            }
        }
    }

    [Fact]
    public void UsePostgreSql_WithoutConnectionStringOrDataSource_FailsAtFirstResolution_NamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UsePostgreSql();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelRegistry>());

        Assert.Contains(ex.Failures, f => f.Contains("PostgreSqlStorageOptions.ConnectionString is required", StringComparison.Ordinal));
    }

    [Fact]
    public void UsePostgreSql_WithADataSource_NeedsNoConnectionString_AndLeavesTheDataSourceToTheApplication()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UsePostgreSql(fixture.DataSource, o => o.Schema = "unused_schema");
        using (var provider = services.BuildServiceProvider())
        {
            var store = Assert.IsType<PostgreSqlMetadataStore>(provider.GetRequiredService<IModelMetadataStore>());
            Assert.EndsWith("schema unused_schema", store.Location, StringComparison.Ordinal);
        }

        // Still usable: the provider did not dispose the application's data source.
        using var command = fixture.DataSource.CreateCommand("SELECT 1");
        Assert.Equal(1, command.ExecuteScalar());
    }
}
