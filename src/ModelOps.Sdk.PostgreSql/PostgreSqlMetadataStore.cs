using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.PostgreSql.Resilience;
using ModelOps.Sdk.PostgreSql.Schema;
using ModelOps.Sdk.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ModelOps.Sdk.PostgreSql;

/// <summary>
/// An <see cref="IModelMetadataStore"/> on PostgreSQL: one registry shared by every service instance that points at the same
/// database and schema.
/// </summary>
/// <remarks>
/// <para>What each guarantee of the contract rests on:</para>
/// <list type="bullet">
/// <item><description><b>Compare-and-append and a gapless sequence</b>: one transaction per append takes the row lock of the single
/// <c>journal_head</c> row (<c>UPDATE ... SET last_sequence = last_sequence + n</c>), then inserts the entries only if the scope's
/// length, read after the lock, equals the expected length. Appends therefore commit one at a time, in sequence order, with no
/// gaps (a rolled-back append also rolls back its increment) and no retry storms (writers queue on the lock instead of failing).
/// <c>UNIQUE (scope, entry_index)</c> is the last line of defence.</description></item>
/// <item><description><b>Durability</b>: the append returns only after <c>COMMIT</c> returned (with the server's
/// <c>synchronous_commit</c>).</description></item>
/// <item><description><b>Readers see only committed entries</b>, verbatim: the payload is <c>text</c> and the timestamp is kept as
/// UTC ticks plus offset.</description></item>
/// <item><description><b>One clock</b> (<see cref="IJournalClock"/>): entries are stamped from the server's <c>clock_timestamp()</c>
/// unless <see cref="PostgreSqlStorageOptions.UseDatabaseClock"/> is off.</description></item>
/// <item><description><b>Change push</b> (<see cref="IJournalChangeNotifier"/>): each append sends <c>NOTIFY</c> with its last
/// sequence in its transaction (delivered on commit only); one listening connection per store receives other instances' commits,
/// reconnects after a drop and then signals once, since notifications sent while it was down are lost.</description></item>
/// <item><description><b>Checkpoints</b> (<see cref="IScopeCheckpointStore"/>): one row per scope in <c>scope_checkpoint</c>, replaced by
/// each write in one statement, so an instance folding a model on first use starts from it and reads only the entries after
/// it.</description></item>
/// </list>
/// <para>
/// Every statement is parameterised; the only identifier written into SQL is the schema name, which options validation restricts to
/// lowercase letters, digits and underscores. Transient faults are retried (see <see cref="PostgreSqlStorageOptions.MaxRetryAttempts"/>)
/// and then surface as <see cref="StorageUnavailableException"/>, whose message names host, port, database and schema but never
/// credentials. The store is thread-safe.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlMetadataStore : IModelMetadataStore, IJournalScopeReader, IJournalClock, IJournalChangeNotifier, IScopeCheckpointStore, IAsyncDisposable, IDisposable
{
    private const int PageSize = 1000;
    private const string EntryColumns =
        "sequence, scope, entry_index, timestamp_utc_ticks, timestamp_offset_minutes, kind, payload, previous_hash, hash, signature, key_id";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlStorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StoreResilience _resilience;
    private readonly string _schema;
    private readonly string _channel;
    private readonly string _appendHeadSql;
    private readonly string _appendInsertSql;
    private readonly string _scopeLengthSql;
    private readonly string _notifySql;
    private readonly string _readSql;
    private readonly string _readScopeSql;
    private readonly string _lastSequenceSql;
    private readonly string _scopeRangeSql;
    private readonly string _readCheckpointSql;
    private readonly string _writeCheckpointSql;
    private readonly SemaphoreSlim _readyGate = new(1, 1);
    private volatile bool _ready;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlMetadataStore"/> class over the application's own data source.</summary>
    /// <param name="dataSource">The data source; the store does not dispose it. It must not use multiplexing if change notifications are on.</param>
    /// <param name="options">The options; <see cref="PostgreSqlStorageOptions.ConnectionString"/> is ignored.</param>
    /// <param name="timeProvider">The clock for retry delays, timeouts and reconnect delays, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlMetadataStore(NpgsqlDataSource dataSource, PostgreSqlStorageOptions options, TimeProvider? timeProvider = null, ILogger<PostgreSqlMetadataStore>? logger = null)
        : this(dataSource, ownsDataSource: false, options, timeProvider, logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="PostgreSqlMetadataStore"/> class with a data source built from
    /// <see cref="PostgreSqlStorageOptions.ConnectionString"/>, which the store owns and disposes.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlMetadataStore(PostgreSqlStorageOptions options)
        : this(options, null, null)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="PostgreSqlMetadataStore"/> class with a data source built from
    /// <see cref="PostgreSqlStorageOptions.ConnectionString"/>, which the store owns and disposes.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock for retry delays, timeouts and reconnect delays, or <see langword="null"/> for the system clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public PostgreSqlMetadataStore(PostgreSqlStorageOptions options, TimeProvider? timeProvider, ILogger<PostgreSqlMetadataStore>? logger)
        : this(BuildDataSource(options), ownsDataSource: true, options, timeProvider, logger)
    {
    }

    private PostgreSqlMetadataStore(NpgsqlDataSource dataSource, bool ownsDataSource, PostgreSqlStorageOptions options, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        PostgreSqlStorageOptionsValidator.ThrowIfInvalid(options, hasDataSource: true);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _schema = options.Schema;
        _channel = options.Schema + ".journal";
        Location = StoreLocation.Describe(dataSource, _schema);
        _resilience = new StoreResilience(options, _time, _logger, Location);

        var s = SchemaMigrator.Quote(_schema);
        _appendHeadSql = $"UPDATE {s}.journal_head SET last_sequence = last_sequence + $1 WHERE id = 1 RETURNING last_sequence";
        _scopeLengthSql = $"SELECT coalesce(max(entry_index) + 1, 0) FROM {s}.journal WHERE scope = $1";
        _appendInsertSql = $"""
            INSERT INTO {s}.journal ({EntryColumns})
            SELECT $2 - $3 + e.ordinal, $1, e.entry_index, e.ticks, e.offset_minutes, e.kind, e.payload, e.previous_hash, e.hash, e.signature, e.key_id
            FROM unnest($4::bigint[], $5::bigint[], $6::smallint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
                 WITH ORDINALITY AS e(entry_index, ticks, offset_minutes, kind, payload, previous_hash, hash, signature, key_id, ordinal)
            """;
        _notifySql = "SELECT pg_notify($1, $2)";
        _readSql = $"SELECT {EntryColumns} FROM {s}.journal WHERE sequence > $1 ORDER BY sequence LIMIT $2";
        _readScopeSql = $"SELECT {EntryColumns} FROM {s}.journal WHERE scope = $1 AND entry_index >= $2 ORDER BY entry_index LIMIT $3";
        _scopeRangeSql = $"SELECT {EntryColumns} FROM {s}.journal WHERE scope = $1 AND entry_index >= $2 AND entry_index < $3 ORDER BY entry_index";
        _lastSequenceSql = $"SELECT last_sequence FROM {s}.journal_head WHERE id = 1";
        _readCheckpointSql = $"SELECT length, entry_hash, format_version, state, signature, key_id FROM {s}.scope_checkpoint WHERE scope = $1";
        _writeCheckpointSql = $"""
            INSERT INTO {s}.scope_checkpoint (scope, length, entry_hash, format_version, state, signature, key_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (scope) DO UPDATE SET length = excluded.length, entry_hash = excluded.entry_hash,
                format_version = excluded.format_version, state = excluded.state, signature = excluded.signature, key_id = excluded.key_id
            """;
    }

    /// <summary>Gets the schema version this library reads and writes; <see cref="MigrateAsync"/> brings a database to it.</summary>
    public static int LatestSchemaVersion => SchemaMigrations.LatestVersion;

    /// <summary>Gets where the store is (host, port, database, schema), without credentials, as used in messages and logs.</summary>
    public string Location { get; }

    /// <summary>
    /// Creates the schema or upgrades it to <see cref="LatestSchemaVersion"/>, applying the missing migrations in one transaction.
    /// Idempotent, and safe to run from several instances at once. The store runs it by itself on first use when
    /// <see cref="PostgreSqlStorageOptions.ApplyMigrationsOnStart"/> is set.
    /// </summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The schema version after the call.</returns>
    /// <exception cref="StorageFormatException">The schema is newer than this library; nothing was changed.</exception>
    /// <exception cref="StorageUnavailableException">The server could not be reached within the timeouts and retries.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var version = await _resilience.ExecuteAsync(
            "Migrating the ModelOps schema",
            this,
            static async (store, _, token) =>
            {
                await using var connection = await store._dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                return await SchemaMigrator.MigrateAsync(connection, store._schema, store.Location, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        _ready = true;
        LogSchemaReady(_logger, Location, version);
        return version;
    }

    /// <inheritdoc/>
    public async ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await _resilience.ExecuteAsync(
            "Reading the last journal sequence",
            this,
            static async (store, _, token) =>
            {
                await using var connection = await store._dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand(store._lastSequenceSql, connection);
                return (long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var after = afterSequence;
        while (true)
        {
            // One page per attempt: a retry re-reads the page, never yields an entry twice.
            var page = await ReadPageAsync(_readSql, "Reading the journal", [Parameter(after), Parameter((long)PageSize)], cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
        ReadScopeFromAsync(scope, 0, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Pages through the unique index on (scope, entry index), so reading a scope costs the same however large the journal is.</remarks>
    public async IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        var from = fromIndex;
        while (true)
        {
            var page = await ReadPageAsync(_readScopeSql, "Reading a journal scope", [Parameter(scope), Parameter(from), Parameter((long)PageSize)], cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            from = page[^1].Index + 1;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < entries.Count; i++)
        {
            if (!string.Equals(entries[i].Scope, scope, StringComparison.Ordinal) || entries[i].Index != expectedLength + i)
            {
                throw new ArgumentException(
                    $"Entry {i} has scope '{entries[i].Scope}' and index {entries[i].Index}; expected scope '{scope}' and index {expectedLength + i}.",
                    nameof(entries));
            }
        }

        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await _resilience.ExecuteAsync(
            "Appending to the journal",
            (Store: this, Scope: scope, Expected: expectedLength, Entries: entries),
            static (state, attempt, token) => state.Store.AppendOnceAsync(state.Scope, state.Expected, state.Entries, attempt, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Reads the server's <c>clock_timestamp()</c> (microsecond precision), or returns <see langword="null"/> when <see cref="PostgreSqlStorageOptions.UseDatabaseClock"/> is off.</remarks>
    public async ValueTask<DateTimeOffset?> GetUtcNowAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.UseDatabaseClock)
        {
            return null;
        }

        return await _resilience.ExecuteAsync(
            "Reading the database clock",
            this,
            static async (store, _, token) =>
            {
                await using var connection = await store._dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT clock_timestamp()", connection);
                var now = (DateTime)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))!;
                return (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc));
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the notification listener and, if the store built its data source from a connection string, disposes it.</summary>
    /// <returns>A task that completes when the store is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopListenerAsync().ConfigureAwait(false);
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _readyGate.Dispose();
    }

    /// <summary>Disposes the store synchronously (for containers disposed with <c>Dispose</c>); see <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static NpgsqlDataSource BuildDataSource(PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgreSqlStorageOptionsValidator.ThrowIfInvalid(options, hasDataSource: false);

        // The store reads and writes built-in types only (bigint, smallint, text and their arrays), which Npgsql knows without asking
        // the server, so its own data source skips loading the database's type catalogue on first use: a cold open pays one query
        // less. A data source the host passes in is used as the host configured it.
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConfigureTypeLoading(static loading => loading.EnableTypeLoading(false));
        return builder.Build();
    }

    private static NpgsqlParameter<T> Parameter<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };

    private static JournalEntry ReadEntry(NpgsqlDataReader reader)
    {
        var offset = TimeSpan.FromMinutes(reader.GetInt16(4));
        return new JournalEntry
        {
            Sequence = reader.GetInt64(0),
            Scope = reader.GetString(1),
            Index = reader.GetInt64(2),
            Timestamp = new DateTimeOffset(reader.GetInt64(3) + offset.Ticks, offset),
            Kind = reader.GetString(5),
            Payload = reader.GetString(6),
            PreviousHash = reader.GetString(7),
            Hash = reader.GetString(8),
            Signature = reader.IsDBNull(9) ? null : reader.GetString(9),
            KeyId = reader.IsDBNull(10) ? null : reader.GetString(10),
        };
    }

    private async ValueTask<JournalAppendResult> AppendOnceAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, int attempt, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var count = entries.Count;

        // One round trip: bound how long this transaction may sit idle holding the head lock (a frozen client must not stall the
        // fleet), take the lock by bumping the sequence, and read the scope's length after the lock, with a fresh snapshot.
        long lastSequence;
        long length;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('idle_in_transaction_session_timeout', $1, true)")
            {
                Parameters = { Parameter(((long)_options.OperationTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_appendHeadSql) { Parameters = { Parameter((long)count) } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_scopeLengthSql) { Parameters = { Parameter(scope) } });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            lastSequence = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            length = reader.GetInt64(0);
        }

        if (length != expectedLength)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            if (attempt > 1 && count > 0 && length >= expectedLength + count)
            {
                // An earlier attempt may have committed before its connection broke: if the entries at those indexes are exactly
                // ours (same hashes), that commit was this append, so report it instead of a conflict the caller would retry.
                var stored = await ReadPageAsync(connection, _scopeRangeSql, [Parameter(scope), Parameter(expectedLength), Parameter(expectedLength + count)], cancellationToken).ConfigureAwait(false);
                if (stored.Count == count && stored.Select(e => e.Hash).SequenceEqual(entries.Select(e => e.Hash), StringComparer.Ordinal))
                {
                    return JournalAppendResult.Committed(stored, length);
                }
            }

            return JournalAppendResult.Conflict(length);
        }

        var committed = new JournalEntry[count];
        if (count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            var insert = new NpgsqlBatchCommand(_appendInsertSql);
            insert.Parameters.Add(Parameter(scope));
            insert.Parameters.Add(Parameter(lastSequence));
            insert.Parameters.Add(Parameter((long)count));
            insert.Parameters.Add(Parameter(entries.Select(e => e.Index).ToArray()));
            insert.Parameters.Add(Parameter(entries.Select(e => e.Timestamp.UtcTicks).ToArray()));
            insert.Parameters.Add(Parameter(entries.Select(e => (short)e.Timestamp.Offset.TotalMinutes).ToArray()));
            insert.Parameters.Add(Parameter(entries.Select(e => e.Kind).ToArray()));
            insert.Parameters.Add(Parameter(entries.Select(e => e.Payload).ToArray()));
            insert.Parameters.Add(Parameter(entries.Select(e => e.PreviousHash).ToArray()));
            insert.Parameters.Add(Parameter(entries.Select(e => e.Hash).ToArray()));
            insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Signature).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.KeyId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            batch.BatchCommands.Add(insert);

            // Delivered to listeners only if and when the transaction commits.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_notifySql)
            {
                Parameters = { Parameter(_channel), Parameter(lastSequence.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            });
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                committed[i] = entries[i] with { Sequence = lastSequence - count + 1 + i };
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return JournalAppendResult.Committed(committed, expectedLength + count);
    }

    private async ValueTask<List<JournalEntry>> ReadPageAsync(string sql, string operationName, NpgsqlParameter[] parameters, CancellationToken cancellationToken) =>
        await _resilience.ExecuteAsync(
            operationName,
            (Store: this, Sql: sql, Parameters: parameters),
            static async (state, _, token) =>
            {
                await using var connection = await state.Store._dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                return await ReadPageAsync(connection, state.Sql, state.Parameters.Select(p => p.Clone()).ToArray(), token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

    private static async ValueTask<List<JournalEntry>> ReadPageAsync(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<JournalEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(ReadEntry(reader));
        }

        return page;
    }

    /// <summary>Makes sure the schema exists at the library's version: migrates, or checks, once per store.</summary>
    private ValueTask EnsureReadyAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _ready ? default : PrepareAsync(cancellationToken);
    }

    private async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        await _readyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            if (_options.ApplyMigrationsOnStart)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            await _resilience.ExecuteAsync(
                "Checking the ModelOps schema",
                this,
                static async (store, _, token) =>
                {
                    await using var connection = await store._dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                    return await SchemaMigrator.CheckAsync(connection, store._schema, store.Location, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            _ready = true;
        }
        finally
        {
            _readyGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Location}: the ModelOps schema is at version {Version}.")]
    private static partial void LogSchemaReady(ILogger logger, string location, int version);
}
