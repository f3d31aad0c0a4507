using Npgsql;

namespace ModelOps.Sdk.PostgreSql;

/// <summary>The application's own data source, registered by <c>UsePostgreSql(dataSource)</c>; its presence waives the connection string.</summary>
internal sealed record PostgreSqlDataSourceRegistration(NpgsqlDataSource DataSource);
