namespace ModelOps.Sdk.PostgreSql.Schema;

/// <summary>One versioned step of the store's schema: the SQL that takes the schema from <c>Version - 1</c> to <see cref="Version"/>.</summary>
/// <param name="Version">The schema version after the step (1, 2, ...).</param>
/// <param name="Description">What the step does, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements, with <c>{schema}</c> standing for the quoted schema name.</param>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
