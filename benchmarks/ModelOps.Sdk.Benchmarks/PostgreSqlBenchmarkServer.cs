using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The PostgreSQL server <see cref="PostgreSqlRegistryBenchmarks"/> runs against: the one named by the environment variable
/// <c>MODELOPS_BENCH_POSTGRES</c> (an Npgsql connection string), or else a throwaway one started the way the tests start theirs:
/// <c>initdb</c> in a temporary directory and <c>pg_ctl start</c> on a free port of 127.0.0.1 with trust authentication, as the
/// <c>postgres</c> user through <c>runuser</c> when run as root (initdb refuses root); stopped and deleted on dispose.
/// </summary>
/// <remarks>
/// Unlike the tests' server, this one keeps <c>fsync</c> on, so register figures include a durable commit as in production.
/// <see cref="StartKeepingData"/> starts one over a data directory that outlives the run, for databases that take minutes to seed.
/// </remarks>
internal sealed class PostgreSqlBenchmarkServer : IDisposable
{
    public const string EnvironmentVariable = "MODELOPS_BENCH_POSTGRES";

    private static readonly string[] LocalBin = ["/usr/local/bin"];

    private readonly string? _root;
    private readonly string? _binDirectory;
    private readonly bool _keepData;

    private PostgreSqlBenchmarkServer(string connectionString, string? root, string? binDirectory, bool keepData = false)
    {
        ConnectionString = connectionString;
        _root = root;
        _binDirectory = binDirectory;
        _keepData = keepData;
    }

    public string ConnectionString { get; }

    /// <summary>The server named by <see cref="EnvironmentVariable"/>, or a throwaway one in a new temporary directory.</summary>
    public static PostgreSqlBenchmarkServer Start() =>
        External() ?? StartAt(Path.Combine(Path.GetTempPath(), "modelops-bench-pg-" + Guid.NewGuid().ToString("N")[..12]), keepData: false);

    /// <summary>
    /// The server named by <see cref="EnvironmentVariable"/>, or one over the data directory under <paramref name="root"/>: created
    /// by <c>initdb</c> if absent, reused with everything in it if present, and kept when the server is stopped at dispose.
    /// </summary>
    public static PostgreSqlBenchmarkServer StartKeepingData(string root) => External() ?? StartAt(root, keepData: true);

    private static PostgreSqlBenchmarkServer? External() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external ? new PostgreSqlBenchmarkServer(external, null, null) : null;

    private static PostgreSqlBenchmarkServer StartAt(string root, bool keepData)
    {
        var bin = LocalBin
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")) : [])
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                $"No PostgreSQL for the benchmark: set {EnvironmentVariable} to a connection string, or install the server binaries (apt-get install -y postgresql).");
        Directory.CreateDirectory(root);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var server = new PostgreSqlBenchmarkServer(
            string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres"), root, bin, keepData);
        if (Environment.UserName == "root")
        {
            Run("chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }

        var data = Path.Combine(root, "data");
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            server.RunTool("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"]);
        }
        else if (server.TryRunTool("pg_ctl", ["-D", data, "status"]))
        {
            // A kept data directory whose last run did not stop its server (a killed process): stop it, so this run owns it.
            server.RunTool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
        }

        server.RunTool("pg_ctl", [
            "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "start", "-o",
            string.Create(CultureInfo.InvariantCulture, $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root}"),
        ]);
        return server;
    }

    public void Dispose()
    {
        if (_root is null)
        {
            return;
        }

        if (_keepData)
        {
            // A clean shutdown, so the next run starts without crash recovery over the seeded data.
            RunTool("pg_ctl", ["-D", Path.Combine(_root, "data"), "-m", "fast", "-w", "stop"]);
            return;
        }

        RunTool("pg_ctl", ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]);
        Directory.Delete(_root, recursive: true);
    }

    private void RunTool(string tool, string[] arguments) => Run(Path.Combine(_binDirectory!, tool), arguments, Environment.UserName == "root");

    private bool TryRunTool(string tool, string[] arguments) => Run(Path.Combine(_binDirectory!, tool), arguments, Environment.UserName == "root", throwOnFailure: false);

    private static bool Run(string program, string[] arguments, bool asPostgres, bool throwOnFailure = true)
    {
        var startInfo = new ProcessStartInfo(asPostgres ? "runuser" : program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (asPostgres ? new[] { "-u", "postgres", "--", program } : []).Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && throwOnFailure)
        {
            throw new InvalidOperationException($"`{program} {string.Join(' ', arguments)}` exited with {process.ExitCode}: {output.Result}{errors}");
        }

        return process.ExitCode == 0;
    }
}
