using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>
/// A moto S3 server (Python's moto, <c>moto_server</c>) started on 127.0.0.1 and a free port, for the tests; stopped on dispose.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    internal const string InstallHint =
        "The S3 tests need an S3-compatible server on 127.0.0.1. Either set MODELOPS_TEST_S3_ENDPOINT to a running one (for example "
        + "http://127.0.0.1:5000), or install Python's moto so that 'moto_server' is on PATH: pip install 'moto[server]==5.2.1'.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private MotoServer(Process process, string serviceUrl)
    {
        _process = process;
        ServiceUrl = serviceUrl;
    }

    /// <summary>Gets the server's URL, for example <c>http://127.0.0.1:41234</c>.</summary>
    public string ServiceUrl { get; }

    /// <summary>Starts a server and waits until it answers.</summary>
    public static async Task<MotoServer> StartAsync()
    {
        int port = FreePort();
        var start = new ProcessStartInfo("moto_server")
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start. " + InstallHint);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run 'moto_server' ({exception.Message}). " + InstallHint, exception);
        }

        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        string url = $"http://127.0.0.1:{port}";
        var server = new MotoServer(process, url);
        try
        {
            await WaitUntilAnsweringAsync(process, url, output);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Polls a server (another process) until it answers HTTP, with a deadline.</summary>
    internal static async Task WaitUntilAnsweringAsync(Process? process, string url, System.Text.StringBuilder? output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process is { HasExited: true })
            {
                string log;
                lock (output!)
                {
                    log = output.ToString();
                }

                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before answering at {url}. Its output:\n{log}\n{InstallHint}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri(url + "/moto-api/data.json"));
                return;
            }
            catch (HttpRequestException) when (deadline.Elapsed < StartTimeout)
            {
            }
            catch (TaskCanceledException) when (deadline.Elapsed < StartTimeout)
            {
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                throw new InvalidOperationException($"No S3 server answered at {url} within {StartTimeout}. {InstallHint}", exception);
            }

            await Task.Delay(100); // polling another process with a deadline
        }
    }

    /// <summary>Stops the server (the pyenv shim and the Python process under it).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
