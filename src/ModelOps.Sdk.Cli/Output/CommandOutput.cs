using System.Text.Json;

namespace ModelOps.Sdk.Cli.Output;

/// <summary>
/// Where a command writes its result: stdout gets JSON (with <c>--json</c>) or text for people; stderr gets diagnostics and
/// progress only, so stdout can always be piped.
/// </summary>
internal sealed class CommandOutput
{
    private readonly TextWriter _out;
    private readonly TextWriter _error;

    public CommandOutput(bool json, TextWriter output, TextWriter error)
    {
        IsJson = json;
        _out = output;
        _error = error;
    }

    /// <summary>Gets a value indicating whether results are written as JSON.</summary>
    public bool IsJson { get; }

    /// <summary>Writes the result: <paramref name="value"/> as JSON, or <paramref name="text"/>'s output for people.</summary>
    public void Result<T>(T value, Action<TextWriter> text)
    {
        if (IsJson)
        {
            _out.WriteLine(JsonSerializer.Serialize(value, CliJson.Options));
        }
        else
        {
            text(_out);
        }
    }

    /// <summary>Writes a result that is already JSON (such as a model card's own JSON).</summary>
    public void RawJson(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray());
        _out.WriteLine(JsonSerializer.Serialize(document.RootElement, CliJson.Options));
    }

    /// <summary>Writes a diagnostic line to stderr.</summary>
    public void Diagnostic(string message) => _error.WriteLine(message);
}
