using System.Diagnostics;
using Microsoft.Playwright;

namespace ModelOps.Sdk.Reporting.Tests.Infrastructure;

/// <summary>
/// axe-core from the npm registry, installed once into the test's output folder (never committed, no lock file), run in a page.
/// Shared by the report file's browser test and the live dashboard's (linked into ModelOps.Sdk.AspNetCore.Tests).
/// </summary>
internal static class AxeCore
{
    private const string Version = "4.14.1";

    /// <summary>Runs axe-core in the page and returns its serious and critical violations, each with where it is.</summary>
    public static async Task<string[]> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = await ScriptAsync() });
        return await page.EvaluateAsync<string[]>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
    }

    private static async Task<string> ScriptAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "axe");
        var script = Path.Combine(folder, "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(script))
        {
            Directory.CreateDirectory(folder);
            var npm = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "install", "--no-package-lock", "--no-save", "--no-audit", "--no-fund", "--prefix", folder, $"axe-core@{Version}" })
            {
                npm.ArgumentList.Add(argument);
            }

            using var process = Process.Start(npm)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && File.Exists(script), $"npm could not install axe-core {Version}: {await stdout} {await stderr}");
        }

        return await File.ReadAllTextAsync(script);
    }
}
