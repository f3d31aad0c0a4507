using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ModelOps.Sdk.PostgreSql.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the tests: <c>initdb</c> in a temporary directory, <c>pg_ctl start</c> on a free port of
/// 127.0.0.1 with trust authentication and the socket in that directory; stopped and deleted on dispose. As root (CI), the
/// directory is given to the <c>postgres</c> user and the tools run through <c>runuser</c>, since <c>initdb</c> refuses root.
/// </summary>
/// <remarks>
/// <c>fsync</c> is off: the data is thrown away, and the tests are about the store's behaviour, not the disk's. Never use these
/// settings for real data.
/// </remarks>
internal sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string InstallHint =
        "Install PostgreSQL's server binaries (Debian/Ubuntu: `apt-get install -y postgresql`, which puts initdb and pg_ctl under " +
        "/usr/lib/postgresql/<version>/bin), or point the tests at a running server with the environment variable " +
        "MODELOPS_TEST_POSTGRES set to an Npgsql connection string of a superuser (for example \"Host=127.0.0.1;Port=5432;Username=postgres\").";

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private PostgreSqlServer(string binDirectory, string root, bool asPostgresUser, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=30;Maximum Pool Size=60");

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Creates and starts a new server; fails the test with what is missing and how to install it when it cannot.</summary>
    public static async Task<PostgreSqlServer> StartNewAsync()
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL tests cannot run: initdb and pg_ctl were found neither on PATH nor under /usr/lib/postgresql/*/bin. " + InstallHint);
        var asPostgresUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), "modelops-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new PostgreSqlServer(bin, root, asPostgresUser, FreePort());
        try
        {
            if (asPostgresUser)
            {
                await server.RunAsync("chown", ["-R", "postgres:postgres", root], asPostgres: false);
            }

            await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task StartAsync() => RunToolAsync(
        "pg_ctl",
        [
            "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start", "-o",
            string.Create(
                CultureInfo.InvariantCulture,
                $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} -c fsync=off -c full_page_writes=off -c max_connections=300"),
        ]);

    /// <summary>Stops the server (fast shutdown: sessions are terminated, as in a restart or failover).</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\"");
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop"]);
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? FindBinDirectory()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(debianRoot)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Directory, "initdb")) && File.Exists(Path.Combine(d.Directory, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Directory)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunToolAsync(string tool, string[] arguments) => RunAsync(Path.Combine(_binDirectory, tool), arguments, _asPostgresUser);

    private async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var startInfo = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {program}. " + InstallHint);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : string.Empty;
            throw new InvalidOperationException(
                $"PostgreSQL tests cannot run: `{program} {string.Join(' ', arguments)}`{(asPostgres ? " (as the postgres user, through runuser)" : string.Empty)} exited with {process.ExitCode}.\n" +
                $"{await output}\n{await errors}\n{serverLog}\n{InstallHint}");
        }
    }
}
