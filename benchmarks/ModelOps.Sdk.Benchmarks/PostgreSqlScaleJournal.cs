using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;
using Npgsql;
using NpgsqlTypes;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The PostgreSQL counterpart of <see cref="ScaleJournal"/>: a journal of many models seeded into its own schema with one binary
/// <c>COPY</c> (the entries <see cref="ScaleJournal"/> builds, with the sequences the store would have given them, and the head row
/// set to match, in one transaction), so 1,000 x 1,000 takes minutes instead of a million registrations.
/// </summary>
/// <remarks>
/// Seeded schemas are kept and reused. The server is the one named by <c>MODELOPS_BENCH_POSTGRES</c>, or else one started over the
/// data directory <see cref="DataRoot"/>, created on first use and kept between runs (see
/// <see cref="PostgreSqlBenchmarkServer.StartKeepingData"/>): delete that folder to seed again. A schema counts as seeded when it holds
/// the last entry of the last model, which commits with every other row or not at all; registrations the benchmarks make go to
/// models of their own and stay.
/// </remarks>
internal static class PostgreSqlScaleJournal
{
    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static PostgreSqlBenchmarkServer? s_server;

    /// <summary>The folder that holds the kept data directory of the benchmark server, when no external server is named.</summary>
    public static string DataRoot => Path.Combine(Path.GetTempPath(), "modelops-bench-pg-scale");

    /// <summary>The options of a store over <paramref name="schema"/> on the process's benchmark server (started by a seed call).</summary>
    public static PostgreSqlStorageOptions Options(string schema) => new()
    {
        ConnectionString = s_server?.ConnectionString ?? throw new InvalidOperationException("Seed a schema first: the server starts with it."),
        Schema = schema,
    };

    /// <summary>
    /// The schema holding a seeded journal of <paramref name="models"/> models of <paramref name="versionsPerModel"/> versions each,
    /// seeded if it is not there yet, and checked by <c>VerifyAuditLogAsync</c> of its first and last model.
    /// </summary>
    public static async Task<string> GetOrSeedAsync(int models, int versionsPerModel)
    {
        await SeedLock.WaitAsync();
        try
        {
            StartServer();
            var schema = $"scale_{models}x{versionsPerModel}";
            await using var store = new PostgreSqlMetadataStore(Options(schema));
            await store.MigrateAsync();
            var template = await ScaleJournal.BuildTemplateAsync(versionsPerModel);
            if (!await IsSeededAsync(schema, ScaleJournal.ModelName(models - 1), template.Count - 1))
            {
                await SeedAsync(schema, models, template);
            }

            await VerifyAsync(schema, ScaleJournal.ModelName(0), ScaleJournal.ModelName(models - 1));
            return schema;
        }
        finally
        {
            SeedLock.Release();
        }
    }

    /// <summary>An empty registry's schema (migrated, no entry), for the memory baseline.</summary>
    public static async Task<string> GetEmptyAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            StartServer();
            const string schema = "scale_empty";
            await using var store = new PostgreSqlMetadataStore(Options(schema));
            await store.MigrateAsync();
            return schema;
        }
        finally
        {
            SeedLock.Release();
        }
    }

    private static void StartServer()
    {
        if (s_server is not null)
        {
            return;
        }

        s_server = PostgreSqlBenchmarkServer.StartKeepingData(DataRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => s_server.Dispose();
    }

    private static async Task<bool> IsSeededAsync(string schema, string lastScope, long lastIndex)
    {
        await using var connection = new NpgsqlConnection(s_server!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {schema}.journal WHERE scope = $1 AND entry_index = $2)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lastScope });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastIndex });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task SeedAsync(string schema, int models, IReadOnlyList<JournalEntry> template)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(s_server!.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var head = new NpgsqlCommand($"SELECT last_sequence FROM {schema}.journal_head WHERE id = 1 FOR UPDATE", connection, transaction))
        {
            if ((long)(await head.ExecuteScalarAsync())! != 0)
            {
                throw new InvalidOperationException($"Schema '{schema}' holds entries but not the seeded ones: drop it (DROP SCHEMA {schema} CASCADE) and run again.");
            }
        }

        long sequence = 0;
        // Synchronous writes: eleven calls per row, a million rows, into the importer's buffer.
        using (var import = connection.BeginBinaryImport(
            $"COPY {schema}.journal (sequence, scope, entry_index, timestamp_utc_ticks, timestamp_offset_minutes, kind, payload, previous_hash, hash, signature, key_id) FROM STDIN (FORMAT BINARY)"))
        {
            for (var m = 0; m < models; m++)
            {
                foreach (var entry in ScaleJournal.Rechain(template, ScaleJournal.ModelName(m)))
                {
                    import.StartRow();
                    import.Write(++sequence, NpgsqlDbType.Bigint);
                    import.Write(entry.Scope, NpgsqlDbType.Text);
                    import.Write(entry.Index, NpgsqlDbType.Bigint);
                    import.Write(entry.Timestamp.UtcTicks, NpgsqlDbType.Bigint);
                    import.Write((short)entry.Timestamp.Offset.TotalMinutes, NpgsqlDbType.Smallint);
                    import.Write(entry.Kind, NpgsqlDbType.Text);
                    import.Write(entry.Payload, NpgsqlDbType.Text);
                    import.Write(entry.PreviousHash, NpgsqlDbType.Text);
                    import.Write(entry.Hash, NpgsqlDbType.Text);
                    WriteNullable(import, entry.Signature);
                    WriteNullable(import, entry.KeyId);
                }
            }

            import.Complete();
        }

        await using (var head = new NpgsqlCommand($"UPDATE {schema}.journal_head SET last_sequence = $1 WHERE id = 1", connection, transaction))
        {
            head.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
            await head.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();

        // The planner's statistics of a table that grew from nothing in one transaction are empty until autovacuum gets to it.
        await using (var analyze = new NpgsqlCommand($"ANALYZE {schema}.journal", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"// Seeded PostgreSQL schema {schema}: {sequence:N0} entries of {models:N0} models in {watch.Elapsed.TotalSeconds:N0} s.");
    }

    private static void WriteNullable(NpgsqlBinaryImporter import, string? value)
    {
        if (value is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(value, NpgsqlDbType.Text);
        }
    }

    /// <summary>Checks that the seed is a registry the store and the registry accept: the audit chains of two models verify.</summary>
    private static async Task VerifyAsync(string schema, params string[] models)
    {
        var services = new ServiceCollection();
        services.AddModelOps()
            .UseMetadataStore(_ => new PostgreSqlMetadataStore(Options(schema)))
            .UseArtifactStore(_ => new InMemoryArtifactStore());
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        foreach (var model in models)
        {
            if (!(await registry.VerifyAuditLogAsync(model)).IsValid)
            {
                throw new InvalidOperationException($"The audit chain of '{model}' in the seeded schema does not verify.");
            }
        }
    }
}
