using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ModelOps.Sdk.Cli.Tests.Infrastructure;

/// <summary>Runs the built <c>modelops</c> tool as a child process (<c>dotnet modelops.dll ...</c>) and waits for it to exit.</summary>
internal static class ToolProcess
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>Gets the path of the tool's build output, recorded by the test project at build time.</summary>
    public static string ToolPath => typeof(ToolProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ModelOps.Sdk.Cli.Path").Value!;

    /// <summary>Gets the <c>dotnet</c> executable that runs the tests, so the child runs on the same runtime.</summary>
    internal static string DotnetPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            {
                return hostPath;
            }

            return Environment.ProcessPath is { } processPath
                && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? processPath
                : "dotnet";
        }
    }

    public static async Task<ToolRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments)
    {
        Assert.True(File.Exists(ToolPath), $"The tool was not built at {ToolPath}.");
        var startInfo = new ProcessStartInfo(DotnetPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };

        // The child sees only this test's configuration, never the developer's or the CI agent's MODELOPS_ variables.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MODELOPS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.ArgumentList.Add(ToolPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var (exitCode, output, error) = await RunToExitAsync(startInfo, Deadline, $"modelops {string.Join(' ', arguments)}");
        return new ToolRun(arguments, exitCode, output, error);
    }

    /// <summary>
    /// Starts a child with redirected streams, closes its standard input (nothing may wait for a prompt), reads both outputs, and
    /// waits for it to exit; past the deadline the whole process tree is killed and a <see cref="TimeoutException"/> names it.
    /// </summary>
    internal static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(ProcessStartInfo startInfo, TimeSpan deadline, string description)
    {
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{description} did not exit within {deadline}.");
        }

        return (process.ExitCode, await output, await error);
    }
}
