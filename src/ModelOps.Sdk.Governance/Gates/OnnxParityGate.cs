using System.Globalization;
using ModelOps.Sdk.Evidence;

namespace ModelOps.Sdk.Governance.Gates;

/// <summary>
/// Portability: requires the version's ONNX export to score like the version itself, within a tolerance, as recorded by the
/// parity check of <c>ModelOps.Sdk.MLNet.Onnx</c> (an <see cref="DocumentKinds.OnnxParity"/> document). For an ONNX
/// version the check is the one attached to it; for any other version it is the one attached to an export whose lineage names
/// it as parent. Fails when there is no such check, when any output differs by more than the tolerance, or when a non-numeric
/// output differs at all.
/// </summary>
public sealed class OnnxParityGate : IPromotionGate
{
    /// <summary>Initializes a new instance of the <see cref="OnnxParityGate"/> class.</summary>
    /// <param name="tolerance">The largest absolute difference allowed on any numeric output.</param>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is negative or not finite.</exception>
    public OnnxParityGate(double tolerance = 1e-5)
    {
        if (!double.IsFinite(tolerance) || tolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The parity tolerance must be a finite number of at least 0.");
        }

        Tolerance = tolerance;
    }

    /// <inheritdoc/>
    public string Name => "portability:onnx-parity";

    /// <summary>Gets the largest absolute difference allowed.</summary>
    public double Tolerance { get; }

    /// <inheritdoc/>
    public async ValueTask<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var threshold = string.Create(CultureInfo.InvariantCulture, $"max |difference| <= {Tolerance}, no mismatch");
        var candidate = context.Candidate;
        var evidence = await EvidenceDocuments.LatestAsync(context.Registry, candidate.ModelName, candidate.Version, DocumentKinds.OnnxParity, null, cancellationToken).ConfigureAwait(false);
        var checkedVersion = candidate.Version;
        if (evidence is null)
        {
            for (int? after = 0; after is { } a && evidence is null;)
            {
                var page = await context.Registry.ListVersionsAsync(candidate.ModelName, a, 100, cancellationToken).ConfigureAwait(false);
                foreach (var export in page.Items.Where(v => v.Lineage.ParentVersion == candidate.Version).OrderByDescending(v => v.Version))
                {
                    evidence = await EvidenceDocuments.LatestAsync(context.Registry, candidate.ModelName, export.Version, DocumentKinds.OnnxParity, null, cancellationToken).ConfigureAwait(false);
                    if (evidence is not null)
                    {
                        checkedVersion = export.Version;
                        break;
                    }
                }

                after = page.NextAfterVersion;
            }
        }

        if (evidence is not { } found)
        {
            return GateResult.Fail(Name, $"version {candidate.Version} has no ONNX parity check (run CheckParityAsync on its export)", threshold: threshold);
        }

        var report = EvidenceJson.ReadOnnxParityReport(found.Content.Span);
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["exportVersion"] = checkedVersion };
        foreach (var (output, difference) in report.MaxAbsoluteDifference)
        {
            figures[$"maxAbsDiff.{output}"] = difference;
        }

        var worst = report.MaxAbsoluteDifference.Count == 0 ? 0 : report.MaxAbsoluteDifference.Values.Max(static d => double.IsNaN(d) ? double.PositiveInfinity : d);
        var mismatches = report.Mismatches.Values.Sum();
        figures["mismatches"] = mismatches;
        figures["sampleSize"] = report.SampleSize;
        return worst <= Tolerance && mismatches == 0
            ? GateResult.Pass(Name, string.Create(CultureInfo.InvariantCulture, $"export version {checkedVersion} differs by at most {worst:G6}"), figures, threshold)
            : GateResult.Fail(Name, string.Create(CultureInfo.InvariantCulture,
                $"export version {checkedVersion} differs by up to {worst:G6} (tolerance {Tolerance}) with {mismatches} non-numeric mismatch(es)"), figures, threshold);
    }
}
