using System.Text.Json;

namespace ModelOps.Sdk.Cli.Tests.Infrastructure;

/// <summary>One finished run of the tool: its exit code and what it wrote.</summary>
internal sealed record ToolRun(IReadOnlyList<string> Arguments, int ExitCode, string Output, string Error)
{
    /// <summary>Parses stdout as JSON (the <c>--json</c> output).</summary>
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(Output);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"stdout of 'modelops {string.Join(' ', Arguments)}' is not JSON: {ex.Message}\n{this}", ex);
        }
    }

    public override string ToString() => $"modelops {string.Join(' ', Arguments)} -> {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
