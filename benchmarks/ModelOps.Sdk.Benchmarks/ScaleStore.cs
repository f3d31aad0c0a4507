namespace ModelOps.Sdk.Benchmarks;

/// <summary>The metadata store a registry scale benchmark runs on (see <see cref="ScaleStores"/>).</summary>
public enum ScaleStore
{
    /// <summary>The filesystem store over a journal written by <see cref="ScaleJournal"/>.</summary>
    FileSystem,

    /// <summary>The PostgreSQL store over a schema seeded by <see cref="PostgreSqlScaleJournal"/>.</summary>
    PostgreSql,
}
