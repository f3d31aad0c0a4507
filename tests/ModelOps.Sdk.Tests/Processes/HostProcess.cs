using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ModelOps.Sdk.Tests.Processes;

/// <summary>
/// A running <c>ModelOps.Sdk.ProcessHost</c> child process. Tests wait for its output lines or its exit, never for time to pass.
/// Shared by the test projects that start hosts (linked into ModelOps.Sdk.PostgreSql.Tests, ModelOps.Sdk.S3.Tests and
/// ModelOps.Sdk.Fleet.Tests, which point the host at PostgreSQL and S3 through its environment).
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private HostProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    /// <summary>Gets the path of the host's build output, recorded by the test project at build time.</summary>
    public static string HostPath => typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ModelOps.Sdk.ProcessHost.Path").Value!;

    /// <summary>Gets the <c>dotnet</c> executable that runs the tests, so the child runs on the same runtime.</summary>
    public static string DotnetPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            {
                return hostPath;
            }

            if (Environment.ProcessPath is { } processPath
                && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                return processPath;
            }

            return "dotnet";
        }
    }

    public static HostProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        Assert.True(File.Exists(HostPath), $"The process host was not built at {HostPath}.");
        var startInfo = new ProcessStartInfo(DotnetPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.ArgumentList.Add(HostPath);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var host = new HostProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (host._errors)
                {
                    host._errors.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Reads the next line of standard output; fails with the child's standard error if it ended instead.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        string? line = await _process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            await _process.WaitForExitAsync(cancellationToken);
            Assert.Fail($"The process host exited with code {_process.ExitCode} before printing the expected line. Standard error:\n{Errors}");
        }

        return line;
    }

    /// <summary>Writes a line to the child's standard input, for hosts that read commands from it.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes the child's standard input, for hosts that run until their input ends.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Reads standard output to its end and waits for the exit, asserting exit code 0.</summary>
    public async Task<List<string>> ReadToExitAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        await _process.WaitForExitAsync(cancellationToken);
        Assert.True(_process.ExitCode == 0, $"The process host exited with code {_process.ExitCode}. Standard error:\n{Errors}");
        return lines;
    }

    /// <summary>Kills the process (as SIGKILL does: no cleanup runs) and waits until it is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }
}
