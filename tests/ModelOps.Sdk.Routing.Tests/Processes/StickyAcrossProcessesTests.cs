using System.Diagnostics;
using System.Reflection;
using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Tests.Processes;

public sealed class StickyAcrossProcessesTests
{
    private static readonly Applicant Input = new() { Region = "EU", Income = 50000, Age = 40 };

    private static string HostPath => typeof(StickyAcrossProcessesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ModelOps.Sdk.ProcessHost.Path").Value!;

    [Fact]
    public async Task Sticky_SecondProcessReadingTheStoredDefinition_AssignsEveryKeyToTheSameArm()
    {
        var root = Directory.CreateTempSubdirectory("modelops-sticky-").FullName;
        try
        {
            var keysFile = Path.Combine(root, "keys.txt");
            var keys = Enumerable.Range(0, 500).Select(i => $"customer-{i}").Append("Zoë-ünïcode-键").ToArray();
            await File.WriteAllLinesAsync(keysFile, keys);
            Dictionary<string, string> here;
            await using (var host = await RoutingHost.CreateAsync(fileSystemRoot: root))
            {
                var definition = new ExperimentBuilder(RoutingHost.Model, "sticky")
                    .WithChampionAlias("champion", 70).AddChallengerAlias("next", "challenger", 20).AddChallengerVersion("other", 6, 10)
                    .WithStickyAssignment("2026-q4").Build();
                await host.Store.SaveAsync(definition, "start");
                await using var scorer = await host.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "sticky");
                here = keys.ToDictionary(k => k, k => scorer.Score(Input, k).Arm);
            }

            var lines = await RunHostAsync("sticky-arms", root, RoutingHost.Model, "sticky", keysFile);

            Assert.Equal("done", lines[^1]);
            var there = lines[..^1].Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal(here, there);
            Assert.Equal(["champion", "next", "other"], here.Values.Distinct().Order());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string[]> RunHostAsync(params string[] arguments)
    {
        Assert.True(File.Exists(HostPath), $"The process host was not built at {HostPath}.");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        start.ArgumentList.Add(HostPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"The process host exited with {process.ExitCode}: {await errors}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
