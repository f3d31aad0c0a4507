using ModelOps.Sdk.Storage;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql;

/// <summary>Checkpoints (<see cref="IScopeCheckpointStore"/>): one row per scope in <c>scope_checkpoint</c> (schema version 2).</summary>
/// <remarks>
/// A write is one <c>INSERT ... ON CONFLICT (scope) DO UPDATE</c>, so every instance reads the old row or the new one, whole, and the
/// last write wins whatever the length it claims (a rebuilt checkpoint replaces a forged one that claims more entries). Text columns
/// keep the checkpoint verbatim: <c>state</c> is <c>text</c>, not <c>jsonb</c>, because the registry hashes and verifies it.
/// </remarks>
public sealed partial class PostgreSqlMetadataStore
{
    /// <inheritdoc/>
    /// <exception cref="StorageUnavailableException">The server cannot be reached after the configured retries.</exception>
    public async ValueTask<ScopeCheckpoint?> ReadCheckpointAsync(string scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return await _resilience.ExecuteAsync(
            "Reading a scope checkpoint",
            (Store: this, Scope: scope),
            static async (state, _, token) =>
            {
                await using var connection = await state.Store._dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand(state.Store._readCheckpointSql, connection);
                command.Parameters.Add(Parameter(state.Scope));
                await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                if (!await reader.ReadAsync(token).ConfigureAwait(false))
                {
                    return null;
                }

                return new ScopeCheckpoint
                {
                    Scope = state.Scope,
                    Length = reader.GetInt64(0),
                    EntryHash = reader.GetString(1),
                    FormatVersion = reader.GetInt32(2),
                    State = reader.GetString(3),
                    Signature = reader.IsDBNull(4) ? null : reader.GetString(4),
                    KeyId = reader.IsDBNull(5) ? null : reader.GetString(5),
                };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="StorageUnavailableException">The server cannot be reached after the configured retries.</exception>
    public async ValueTask WriteCheckpointAsync(ScopeCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        await _resilience.ExecuteAsync(
            "Writing a scope checkpoint",
            (Store: this, Checkpoint: checkpoint),
            static async (state, _, token) =>
            {
                var c = state.Checkpoint;
                await using var connection = await state.Store._dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand(state.Store._writeCheckpointSql, connection);
                command.Parameters.Add(Parameter(c.Scope));
                command.Parameters.Add(Parameter(c.Length));
                command.Parameters.Add(Parameter(c.EntryHash));
                command.Parameters.Add(Parameter(c.FormatVersion));
                command.Parameters.Add(Parameter(c.State));
                command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = c.Signature, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = c.KeyId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
