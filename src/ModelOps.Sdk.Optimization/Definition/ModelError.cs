namespace ModelOps.Sdk.Optimization.Definition;

/// <summary>A problem found in an artifact: where (a JSON path, a line, a row or column of the MPS file) and what.</summary>
internal sealed record ModelError(string? Part, string Problem);
