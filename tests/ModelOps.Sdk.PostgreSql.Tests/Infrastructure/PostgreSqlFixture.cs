using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests share: the one named by the environment variable <c>MODELOPS_TEST_POSTGRES</c> (an Npgsql
/// connection string of a superuser), or else one started for the test run and stopped after it (<see cref="PostgreSqlServer"/>).
/// Each test works in a schema or database of its own. If no server can be had, every test of the collection fails with what is
/// missing and how to install it: they are never skipped.
/// </summary>
/// <remarks>
/// Both test collections (<see cref="PostgreSqlServerGroup"/> and <see cref="PostgreSqlProcessGroup"/>) get a fixture of their own,
/// so xunit runs them in parallel, and share one started server: the first fixture starts it, the last one disposed stops it.
/// </remarks>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "MODELOPS_TEST_POSTGRES";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgreSqlServer? s_sharedServer;
    private static int s_users;

    private bool _holdsServer;
    private Exception? _startFailure;
    private NpgsqlDataSource? _dataSource;

    /// <summary>Gets the superuser connection string of the shared server.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Gets a data source over <see cref="ConnectionString"/>, shared by the tests.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw Unavailable();

    public async Task InitializeAsync()
    {
        try
        {
            if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
            {
                ConnectionString = external;
            }
            else
            {
                await SharedGate.WaitAsync();
                try
                {
                    s_sharedServer ??= await PostgreSqlServer.StartNewAsync();
                    s_users++;
                    _holdsServer = true;
                    ConnectionString = s_sharedServer.ConnectionString;
                }
                finally
                {
                    SharedGate.Release();
                }
            }

            _dataSource = NpgsqlDataSource.Create(ConnectionString);
            await using var command = _dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync();
        }
        catch (Exception ex)
        {
            // Reported by every test that asks for the server, so the failure is visible, not a silent skip.
            _startFailure = ex;
        }
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_holdsServer)
        {
            await SharedGate.WaitAsync();
            try
            {
                if (--s_users == 0 && s_sharedServer is not null)
                {
                    await s_sharedServer.DisposeAsync();
                    s_sharedServer = null;
                }
            }
            finally
            {
                SharedGate.Release();
            }
        }
    }

    /// <summary>Creates a fresh schema name; the store creates the schema itself on first use.</summary>
    public static string NewSchemaName(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Drops a schema and everything in it.</summary>
    public async Task DropSchemaAsync(string schema)
    {
        await using var command = DataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    private InvalidOperationException Unavailable() =>
        new($"The PostgreSQL server for the tests is not available: {_startFailure?.Message}", _startFailure);
}

/// <summary>The in-process tests that share <see cref="PostgreSqlFixture"/>'s server; they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlServerGroup : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>The cross-process tests, on the same server, in parallel with <see cref="PostgreSqlServerGroup"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlProcessGroup : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL processes";
}
