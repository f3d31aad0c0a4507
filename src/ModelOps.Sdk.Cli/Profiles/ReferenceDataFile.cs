using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelOps.Sdk.Cli.Errors;

namespace ModelOps.Sdk.Cli.Profiles;

/// <summary>
/// Reads the rows of a reference data set for <c>profiles fit</c>: a CSV file with a header line (RFC 4180 quoting, comma
/// separated), or JSON lines (one object per line, values numbers, strings, booleans or null). Each row maps a column to its text,
/// or <see langword="null"/> when the value is missing (an empty CSV field, a JSON null or an absent key).
/// </summary>
internal static class ReferenceDataFile
{
    public static async Task<(IReadOnlyList<string> Columns, List<Dictionary<string, string?>> Rows)> ReadAsync(string path, string format, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        return format switch
        {
            "csv" => ReadCsv(path, lines),
            "jsonl" => ReadJsonLines(path, lines),
            _ => throw new CliUsageException($"--format: '{format}' is not a data format; use csv or jsonl"),
        };
    }

    /// <summary>The format named by a file's extension: <c>csv</c> for .csv, <c>jsonl</c> for .jsonl, .ndjson and .json.</summary>
    public static string? FormatOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".CSV" => "csv",
        ".JSONL" or ".NDJSON" or ".JSON" => "jsonl",
        _ => null,
    };

    private static (IReadOnlyList<string>, List<Dictionary<string, string?>>) ReadCsv(string path, string[] lines)
    {
        var records = lines.Select((line, index) => (Line: line, Number: index + 1)).Where(l => l.Line.Length > 0).ToArray();
        if (records.Length == 0)
        {
            throw new CliUsageException($"--data: '{path}' is empty; a CSV file needs a header line and at least one row");
        }

        var header = SplitCsv(records[0].Line, path, records[0].Number);
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CliUsageException($"--data: the header of '{path}' names the column '{duplicate.Key}' twice");
        }

        var rows = new List<Dictionary<string, string?>>(records.Length - 1);
        foreach (var (line, number) in records.Skip(1))
        {
            var fields = SplitCsv(line, path, number);
            if (fields.Count != header.Count)
            {
                throw new CliUsageException($"--data: line {number} of '{path}' has {fields.Count} fields but the header has {header.Count}");
            }

            var row = new Dictionary<string, string?>(header.Count, StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                row[header[i]] = fields[i].Length == 0 ? null : fields[i];
            }

            rows.Add(row);
        }

        return (header, rows);
    }

    private static List<string> SplitCsv(string line, string path, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new CliUsageException($"--data: line {number} of '{path}' ends inside a quoted field (fields may not span lines)");
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        return fields;
    }

    private static (IReadOnlyList<string>, List<Dictionary<string, string?>>) ReadJsonLines(string path, string[] lines)
    {
        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<Dictionary<string, string?>>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(lines[i]);
            }
            catch (JsonException ex)
            {
                throw new CliUsageException($"--data: line {i + 1} of '{path}' is not JSON: {ex.Message}", ex);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliUsageException($"--data: line {i + 1} of '{path}' is not a JSON object");
                }

                var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    row[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number => property.Value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => throw new CliUsageException($"--data: '{property.Name}' on line {i + 1} of '{path}' is an {property.Value.ValueKind.ToString().ToLowerInvariant()}; values must be numbers, strings, booleans or null"),
                    };
                    if (known.Add(property.Name))
                    {
                        columns.Add(property.Name);
                    }
                }

                rows.Add(row);
            }
        }

        if (rows.Count == 0)
        {
            throw new CliUsageException($"--data: '{path}' holds no rows");
        }

        return (columns, rows);
    }
}
