using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The S3-compatible server a benchmark talks to: the one named by <c>MODELOPS_TEST_S3_ENDPOINT</c> (for example a MinIO on the
/// network, to measure a real deployment), or else Python's moto (<c>moto_server</c> on PATH) started on 127.0.0.1 and a free port,
/// and stopped when the benchmark process ends its cleanup.
/// </summary>
internal sealed class MotoS3Server : IDisposable
{
    private readonly Process? _process;

    private MotoS3Server(string serviceUrl, Process? process)
    {
        ServiceUrl = serviceUrl;
        _process = process;
    }

    public string ServiceUrl { get; }

    public static MotoS3Server StartOrUseConfigured()
    {
        if (Environment.GetEnvironmentVariable("MODELOPS_TEST_S3_ENDPOINT") is { Length: > 0 } endpoint)
        {
            return new MotoS3Server(endpoint.TrimEnd('/'), process: null);
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("moto_server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        Process process = Process.Start(start)
            ?? throw new InvalidOperationException("moto_server did not start: install it with pip install 'moto[server]', or set MODELOPS_TEST_S3_ENDPOINT.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        string url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using HttpResponseMessage response = http.GetAsync(new Uri(url + "/moto-api/data.json")).GetAwaiter().GetResult();
                return new MotoS3Server(url, process);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
                {
                    process.Kill(entireProcessTree: true);
                    throw new InvalidOperationException($"moto_server did not answer at {url}: install it with pip install 'moto[server]', or set MODELOPS_TEST_S3_ENDPOINT.", exception);
                }

                Thread.Sleep(100); // polling another process, in setup only
            }
        }
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }

        _process?.Dispose();
    }
}
