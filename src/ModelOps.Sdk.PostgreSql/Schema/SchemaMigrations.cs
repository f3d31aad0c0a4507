namespace ModelOps.Sdk.PostgreSql.Schema;

/// <summary>
/// The store's schema history. Steps are only ever appended: a released step is never edited, so every database upgrades along the
/// same path. <see cref="SchemaMigrator"/> applies the missing steps in one transaction under an advisory lock.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>Gets the steps in version order.</summary>
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(
            1,
            "journal and its head row",
            """
            CREATE TABLE {schema}.journal_head (
                id            integer PRIMARY KEY CHECK (id = 1),
                last_sequence bigint  NOT NULL CHECK (last_sequence >= 0)
            );
            INSERT INTO {schema}.journal_head (id, last_sequence) VALUES (1, 0);

            -- One row per journal entry, kept verbatim: the registry re-hashes entries to verify the audit chain.
            -- payload is text, not jsonb (jsonb re-encodes), and the timestamp is kept as UTC ticks plus offset (timestamptz keeps microseconds only).
            CREATE TABLE {schema}.journal (
                sequence                 bigint   PRIMARY KEY CHECK (sequence > 0),
                scope                    text     NOT NULL,
                entry_index              bigint   NOT NULL CHECK (entry_index >= 0),
                timestamp_utc_ticks      bigint   NOT NULL,
                timestamp_offset_minutes smallint NOT NULL,
                kind                     text     NOT NULL,
                payload                  text     NOT NULL,
                previous_hash            text     NOT NULL,
                hash                     text     NOT NULL,
                signature                text     NULL,
                key_id                   text     NULL,
                CONSTRAINT journal_scope_entry_index_key UNIQUE (scope, entry_index)
            );
            """),
        new(
            2,
            "checkpoints of folded scope state",
            """
            -- Derived data (IScopeCheckpointStore): the last checkpoint written for each scope, every field verbatim. Losing a row
            -- costs one full fold of its scope; the registry never trusts a row it cannot verify against the journal.
            CREATE TABLE {schema}.scope_checkpoint (
                scope          text    PRIMARY KEY,
                length         bigint  NOT NULL,
                entry_hash     text    NOT NULL,
                format_version integer NOT NULL,
                state          text    NOT NULL,
                signature      text    NULL,
                key_id         text    NULL
            );
            """),
    ];

    /// <summary>Gets the schema version this library writes and reads.</summary>
    public static int LatestVersion => All[^1].Version;
}
