using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Pipelines;

/// <summary>
/// The checkout a pipeline runs in, on this machine: the <c>appsettings.json</c> the document commits beside the pipeline, a
/// filesystem registry standing in for the production store, a trainer that writes the model the test chose to <c>--out</c>, a
/// smoke test that passes or fails as the test says, and a <c>dotnet</c> on PATH that runs the built <c>modelops</c> for
/// <c>dotnet modelops</c> (and takes <c>dotnet tool restore</c> as done). Scripts run in real bash, with the flags the CI system uses.
/// </summary>
internal sealed class PipelineWorkspace : IDisposable
{
    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(120);
    private readonly string _bin;
    private readonly string _trained;

    public PipelineWorkspace(string appSettings)
    {
        Root = Path.Combine(Path.GetTempPath(), "modelops-pipeline-" + Guid.NewGuid().ToString("N"));
        Checkout = Path.Combine(Root, "checkout");
        StorePath = Path.Combine(Root, "production-registry");
        _bin = Path.Combine(Root, "bin");
        _trained = Path.Combine(Root, "trained");
        Directory.CreateDirectory(Path.Combine(Checkout, "scripts"));
        Directory.CreateDirectory(_bin);
        Directory.CreateDirectory(_trained);
        File.WriteAllText(Path.Combine(Checkout, "appsettings.json"), appSettings);
        WriteExecutable(Path.Combine(_bin, "dotnet"), """
            #!/usr/bin/env bash
            # Stands in for the .NET SDK of the CI image: `dotnet modelops` runs the tool under test, `dotnet tool restore` has nothing to do.
            case "$1" in
              modelops) shift; exec "$CICD_TEST_DOTNET" "$CICD_TEST_TOOL" "$@" ;;
              tool) [ "$2" = restore ] && exit 0 ;;
            esac
            echo "dotnet (test stand-in): unexpected 'dotnet $*'" >&2
            exit 127
            """);
        WriteExecutable(Path.Combine(_bin, "python"), """
            #!/usr/bin/env bash
            # Stands in for the training script: writes the model and metadata the test trained to --out.
            out=""
            while [ $# -gt 0 ]; do case "$1" in --out) out="$2"; shift 2 ;; *) shift ;; esac; done
            [ -n "$out" ] || { echo "train (test stand-in): no --out" >&2; exit 2; }
            mkdir -p "$out" && cp "$CICD_TEST_TRAINED"/* "$out"/
            """);
        WriteExecutable(Path.Combine(Checkout, "scripts", "smoke-test.sh"), """
            #!/usr/bin/env bash
            # Stands in for the smoke test of the scoring service: passes or fails as the test chose.
            exit "$(cat "$CICD_TEST_SMOKE_EXIT")"
            """);
        SmokeTestPasses = true;
    }

    public string Root { get; }

    /// <summary>Gets the working directory of every step (the repository checkout).</summary>
    public string Checkout { get; }

    /// <summary>Gets the filesystem registry every step uses instead of the document's PostgreSQL + S3.</summary>
    public string StorePath { get; }

    /// <summary>Sets whether the next smoke tests pass.</summary>
    public bool SmokeTestPasses
    {
        set => File.WriteAllText(Path.Combine(Root, "smoke-exit"), value ? "0" : "1");
    }

    /// <summary>"Trains" the model the next run's training step writes: a small artifact and the metadata the document describes.</summary>
    public void Train(double auc, string commit)
    {
        File.WriteAllText(Path.Combine(_trained, "model.onnx"), $"credit model trained at {commit} with auc {auc.ToString(CultureInfo.InvariantCulture)}");
        File.WriteAllText(Path.Combine(_trained, "metadata.json"), JsonSerializer.Serialize(new
        {
            flavor = "sklearn",
            metrics = new { auc },
            signature = new
            {
                inputs = new[] { new { name = "income", dataType = "float32" } },
                outputs = new[] { new { name = "score", dataType = "float32" } },
            },
            lineage = new { sourceRevision = "git:" + commit },
            modelCard = new { intendedUse = "retail credit decisions", limitations = "not for business loans", owner = "risk-team", trainingData = "2019-2025 applications" },
        }));
    }

    /// <summary>
    /// Removes what the document's store configuration (PostgreSQL and S3, by secrets) would select, recording the names, and points
    /// the tool at <see cref="StorePath"/> instead.
    /// </summary>
    public Dictionary<string, string> UseLocalStore(IReadOnlyDictionary<string, string> environment, ISet<string> replaced)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (name.StartsWith("MODELOPS_POSTGRESQL__", StringComparison.Ordinal) || name.StartsWith("MODELOPS_S3__", StringComparison.Ordinal))
            {
                replaced.Add(name);
            }
            else
            {
                result[name] = value;
            }
        }

        result["MODELOPS_STORE__PATH"] = StorePath;
        return result;
    }

    /// <summary>Runs a script with <c>bash</c> and the given flags (for example <c>-e</c>), in the checkout, with only the given MODELOPS_ variables.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunScriptAsync(string script, IReadOnlyList<string> bashFlags, IReadOnlyDictionary<string, string> environment)
    {
        string file = Path.Combine(Root, "step-" + Guid.NewGuid().ToString("N") + ".sh");
        await File.WriteAllTextAsync(file, script);
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Checkout,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string flag in bashFlags)
        {
            start.ArgumentList.Add(flag);
        }

        start.ArgumentList.Add(file);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MODELOPS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["PATH"] = _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["CICD_TEST_DOTNET"] = ToolProcess.DotnetPath;
        start.Environment["CICD_TEST_TOOL"] = ToolProcess.ToolPath;
        start.Environment["CICD_TEST_TRAINED"] = _trained;
        start.Environment["CICD_TEST_SMOKE_EXIT"] = Path.Combine(Root, "smoke-exit");

        return await ToolProcess.RunToExitAsync(start, StepDeadline, $"A pipeline step\n{script}\n");
    }

    /// <summary>Reads the version <c>credit</c>'s champion points to now, in process, from the registry the steps use.</summary>
    public async Task<int> ChampionAsync()
    {
        await using var provider = Registry();
        return (await provider.GetRequiredService<IModelRegistry>().ResolveAliasAsync("credit", "champion")).Version;
    }

    /// <summary>Reads every change of <c>credit</c>'s champion, in process.</summary>
    public async Task<IReadOnlyList<AliasChange>> ChampionHistoryAsync()
    {
        await using var provider = Registry();
        return await provider.GetRequiredService<IModelRegistry>().GetAliasHistoryAsync("credit", "champion");
    }

    /// <summary>Deletes what a fresh checkout would not have (the previous run's <c>out/</c>).</summary>
    public void FreshCheckout()
    {
        string output = Path.Combine(Checkout, "out");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    private ServiceProvider Registry()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(StorePath);
        return services.BuildServiceProvider();
    }

    private static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
