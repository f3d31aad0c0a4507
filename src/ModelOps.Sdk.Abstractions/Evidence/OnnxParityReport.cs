namespace ModelOps.Sdk.Evidence;

/// <summary>
/// How closely an ONNX export reproduces its ML.NET source on a sample: the largest absolute difference per numeric output. Written
/// by <c>MLNetOnnxExporter.CheckParityAsync</c> (<c>ModelOps.Sdk.MLNet.Onnx</c>) as a <see cref="DocumentKinds.OnnxParity"/> document
/// with <see cref="EvidenceJson"/>, and read back with <see cref="EvidenceJson.ReadOnnxParityReport"/> by governance's parity gate.
/// </summary>
/// <param name="ModelName">The model.</param>
/// <param name="SourceVersion">The ML.NET version.</param>
/// <param name="ExportVersion">The ONNX version.</param>
/// <param name="SampleSize">How many inputs were scored through both.</param>
/// <param name="MaxAbsoluteDifference">The largest absolute difference per output property (vectors: over all elements).</param>
/// <param name="Mismatches">Outputs that differ in a way a number cannot say (a boolean or string output that differs), with a count.</param>
public sealed record OnnxParityReport(
    string ModelName,
    int SourceVersion,
    int ExportVersion,
    int SampleSize,
    IReadOnlyDictionary<string, double> MaxAbsoluteDifference,
    IReadOnlyDictionary<string, int> Mismatches)
{
    /// <summary>Gets the largest absolute difference over all numeric outputs (0 when there are none).</summary>
    public double WorstAbsoluteDifference => MaxAbsoluteDifference.Count == 0 ? 0 : MaxAbsoluteDifference.Values.Max();

    /// <summary>Tells whether every numeric output is within <paramref name="tolerance"/> and no other output differs.</summary>
    /// <param name="tolerance">The largest acceptable absolute difference.</param>
    /// <returns><see langword="true"/> if the export is at parity.</returns>
    public bool IsWithin(double tolerance) => WorstAbsoluteDifference <= tolerance && Mismatches.Values.All(c => c == 0);
}
