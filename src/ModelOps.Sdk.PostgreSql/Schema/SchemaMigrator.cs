using System.Globalization;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Schema;

/// <summary>
/// Creates and upgrades the store's schema: reads <c>schema_version</c>, refuses a newer schema, and applies the missing steps of
/// <see cref="SchemaMigrations"/> in one transaction. Idempotent, and safe when several instances start at once: they serialize on a
/// session advisory lock keyed by the schema name, taken before the transaction begins, and the later ones find nothing left to do.
/// A schema already at the library's version is recognised in one statement, without the lock or the DDL, since every instance of
/// a fleet runs this on its first use of the store (a cold open).
/// </summary>
/// <remarks>
/// The lock is taken before <c>BEGIN</c>, not inside the transaction: a server session refreshes its catalog caches when a
/// transaction starts (and when it locks a relation), not when it is granted an advisory lock. A transaction that began before the
/// instance creating the schema committed, and then waited for its lock, still saw no schema, and its
/// <c>CREATE SCHEMA IF NOT EXISTS</c> failed with a unique violation on <c>pg_namespace</c>.
/// </remarks>
internal static class SchemaMigrator
{
    /// <summary>The advisory lock's key for the schema named by the statement's parameter <c>$1</c>.</summary>
    private const string LockKey = "hashtextextended('modelops.schema:' || $1, 0)";

    /// <summary>Applies the missing steps; returns the schema version afterwards.</summary>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, string schema, string location, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        if (await TryReadVersionAsync(connection, quoted, cancellationToken).ConfigureAwait(false) is { } existing && existing >= SchemaMigrations.LatestVersion)
        {
            ThrowIfNewer(existing, schema, location);
            return existing;
        }

        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", schema, cancellationToken).ConfigureAwait(false);
        int version;
        try
        {
            version = await MigrateLockedAsync(connection, schema, quoted, location, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await TryUnlockAsync(connection, schema).ConfigureAwait(false);
            throw;
        }

        await UnlockAsync(connection, schema).ConfigureAwait(false);
        return version;
    }

    /// <summary>Applies the missing steps in one transaction, begun once this session holds the schema's lock.</summary>
    private static async Task<int> MigrateLockedAsync(NpgsqlConnection connection, string schema, string quoted, string location, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            $"""
            CREATE SCHEMA IF NOT EXISTS {quoted};
            CREATE TABLE IF NOT EXISTS {quoted}.schema_version (
                version     integer     PRIMARY KEY,
                description text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            """,
            null,
            cancellationToken).ConfigureAwait(false);
        var current = await ReadVersionAsync(connection, quoted, cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(current, schema, location);
        foreach (var migration in SchemaMigrations.All.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, migration.Sql.Replace("{schema}", quoted, StringComparison.Ordinal), null, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand($"INSERT INTO {quoted}.schema_version (version, description) VALUES ($1, $2)", connection);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            current = migration.Version;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return current;
    }

    private static Task UnlockAsync(NpgsqlConnection connection, string schema) =>
        ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", schema, CancellationToken.None);

    /// <summary>
    /// Releases the lock after a failed migration without hiding its error: a broken connection's session has ended, which releases
    /// it, and a connection returned to the pool is reset (<c>DISCARD ALL</c>), which releases it too.
    /// </summary>
    private static async Task TryUnlockAsync(NpgsqlConnection connection, string schema)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await UnlockAsync(connection, schema).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The session is unusable; its end releases the lock.
        }
    }

    /// <summary>Checks, without changing anything, that the schema is exactly at the library's version.</summary>
    public static async Task<int> CheckAsync(NpgsqlConnection connection, string schema, string location, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Quote(schema) + ".schema_version" });
        var current = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!
            ? await ReadVersionAsync(connection, Quote(schema), cancellationToken).ConfigureAwait(false)
            : 0;
        ThrowIfNewer(current, schema, location);
        if (current < SchemaMigrations.LatestVersion)
        {
            throw new StorageFormatException(
                location,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The ModelOps schema '{schema}' at {location} is at version {current}, and this library needs version {SchemaMigrations.LatestVersion}. Run PostgreSqlMetadataStore.MigrateAsync (for example from a deployment job), or set PostgreSqlStorageOptions.ApplyMigrationsOnStart to true."));
        }

        return current;
    }

    /// <summary>Quotes a schema name that <see cref="PostgreSqlStorageOptionsValidator"/> accepted (lowercase letters, digits, '_').</summary>
    public static string Quote(string schema) => "\"" + schema + "\"";

    private static void ThrowIfNewer(int current, string schema, string location)
    {
        if (current > SchemaMigrations.LatestVersion)
        {
            throw new StorageFormatException(
                location,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The ModelOps schema '{schema}' at {location} is at version {current}, newer than version {SchemaMigrations.LatestVersion} that this library knows: it was upgraded by a newer ModelOps.Sdk.PostgreSql. Upgrade this application's package; nothing was changed."));
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, string quoted, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quoted}.schema_version", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The schema's version, or <see langword="null"/> when the schema or its version table does not exist yet.</summary>
    private static async Task<int?> TryReadVersionAsync(NpgsqlConnection connection, string quoted, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadVersionAsync(connection, quoted, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string? parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
