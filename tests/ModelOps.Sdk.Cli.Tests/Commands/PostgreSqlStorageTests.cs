using ModelOps.Sdk.Cli.Tests.Infrastructure;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary>The tool over PostgreSQL, chosen by environment variables, on a real server.</summary>
[Collection(PostgreSqlProcessGroup.Name)]
public sealed class PostgreSqlStorageTests(PostgreSqlFixture postgres)
{
    [Fact]
    public async Task ImportFromFileSystemIntoPostgreSql_ConfiguredByEnvironment_MigratesTheModelAndKeepsWorking()
    {
        using var source = new TemporaryRegistry();
        using var target = new TemporaryRegistry();
        await source.RegisterAsync("credit", auc: 0.9);
        await source.RegisterAsync("credit", auc: 0.92);
        var bundle = Path.Combine(source.Directory, "credit.bundle");
        var schema = PostgreSqlFixture.NewSchemaName("cli");
        var environment = new Dictionary<string, string>
        {
            ["MODELOPS_POSTGRESQL__CONNECTIONSTRING"] = postgres.ConnectionString,
            ["MODELOPS_POSTGRESQL__SCHEMA"] = schema,
            ["MODELOPS_ACTOR"] = "migration-bot",
        };
        try
        {
            var export = await source.RunAsAsync("ops", string.Empty, "bundles", "export", "credit", "-o", bundle);
            var import = await target.RunAsync(environment, "bundles", "import", bundle, "--json");
            var versions = await target.RunAsync(environment, "versions", "list", "credit", "--json");
            var artifact = target.WriteFile("model.bin", "a third version, registered straight into PostgreSQL");
            var register = await target.RunAsync(environment, "versions", "register", "credit", "--artifact", artifact, "--flavor", "sklearn", "--json");
            var verify = await target.RunAsync(environment, "audit", "verify", "credit", "--json");
            var withoutPostgreSql = await target.RunAsync(new Dictionary<string, string>(), "models", "list", "--json");

            Assert.True(export.ExitCode == 0, export.ToString());
            Assert.True(import.ExitCode == 0, import.ToString());
            Assert.Equal([1, 2], import.Json().GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("targetVersion").GetInt32()));
            Assert.True(versions.ExitCode == 0, versions.ToString());
            Assert.Equal([0.9, 0.92], versions.Json().EnumerateArray().Select(v => v.GetProperty("metrics").GetProperty("auc").GetDouble()));
            Assert.True(register.ExitCode == 0, register.ToString());
            Assert.Equal(3, register.Json().GetProperty("version").GetInt32());
            Assert.Equal("migration-bot", register.Json().GetProperty("registeredBy").GetString());
            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.Equal(3, verify.Json().GetProperty("files").GetArrayLength());

            // The metadata is in PostgreSQL, not in the filesystem store the same directory would otherwise hold.
            Assert.True(withoutPostgreSql.ExitCode == 0, withoutPostgreSql.ToString());
            Assert.Equal(0, withoutPostgreSql.Json().GetArrayLength());
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }
}
