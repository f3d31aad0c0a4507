using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Resilience;

/// <summary>Describes where a store is, for messages and logs: host, port, database and schema, never the user's password.</summary>
internal static class StoreLocation
{
    public static string Describe(NpgsqlDataSource dataSource, string schema)
    {
        string host = "?", database = "?";
        var port = 5432;
        try
        {
            // The data source's connection string has the password removed (unless Persist Security Info is set); only three keys are read anyway.
            var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            host = string.IsNullOrEmpty(builder.Host) ? "?" : builder.Host;
            port = builder.Port;
            database = string.IsNullOrEmpty(builder.Database) ? "(default database)" : builder.Database;
        }
        catch (ArgumentException)
        {
            // Keep the placeholders: a location must never fail to describe itself.
        }

        return FormattableString.Invariant($"PostgreSQL {host}:{port}/{database}, schema {schema}");
    }
}
