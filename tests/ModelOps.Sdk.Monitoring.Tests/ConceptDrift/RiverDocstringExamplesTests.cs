using ModelOps.Sdk.Monitoring.ConceptDrift;
using Xunit.Abstractions;

namespace ModelOps.Sdk.Monitoring.Tests.ConceptDrift;

/// <summary>
/// Our detectors with River's defaults on the streams of River's own docstring examples (rebuilt with CPython's generator), against
/// the output River publishes there.
/// </summary>
public sealed class RiverDocstringExamplesTests(ITestOutputHelper output)
{
    [Fact]
    public void Ddm_RiversDocstringStream_ReportsWhatRiverPrints()
    {
        // river/drift/binary/ddm.py (online-ml/river), the DDM example:
        //   rng = random.Random(42); data_stream = rng.choices([0, 1], k=1000)
        //   data_stream = data_stream + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])
        //   -> Warning detected at index 1084 / Change detected at index 1334 / Warning detected at index 1492
        var rng = new PythonRandom(42);
        var stream = rng.Choices([0, 1], 1000).Concat(rng.Choices([0, 1], [0.3, 0.7], 1000)).ToArray();
        var ddm = new DdmDetector();
        var printWarning = true;
        var printed = new List<string>();
        for (var i = 0; i < stream.Length; i++)
        {
            var state = ddm.Update(stream[i]);
            if (state == ConceptDriftState.Warning && printWarning)
            {
                printed.Add($"Warning detected at index {i}");
                printWarning = false;
            }

            if (state == ConceptDriftState.Drift)
            {
                printed.Add($"Change detected at index {i}");
                printWarning = true;
            }
        }

        output.WriteLine(string.Join(Environment.NewLine, printed));
        Assert.Equal(["Warning detected at index 1084", "Change detected at index 1334", "Warning detected at index 1492"], printed);
    }

    [Fact]
    public void Adwin_RiversDocstringStream_ReportsWhatRiverPrints()
    {
        // river/drift/adwin.py (online-ml/river, the version with clock, max_buckets, min_window_length and grace_period):
        //   rng = random.Random(12345)
        //   data_stream = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
        //   -> Change detected at index 1023, input value: 4
        // Only one line: River starts a new window after a drift, so the change is reported once.
        Assert.Equal(["Change detected at index 1023, input value: 4"], Changes(new AdwinDetector(), ZeroOneThenFourToSeven()));
    }

    [Fact]
    public void PageHinkley_RiversDocstringStream_ReportsWhatRiverPrints()
    {
        // river/drift/page_hinkley.py (online-ml/river), the example on the same stream as ADWIN's:
        //   -> Change detected at index 1006, input value: 5
        Assert.Equal(["Change detected at index 1006, input value: 5"], Changes(new PageHinkleyDetector(), ZeroOneThenFourToSeven()));
    }

    private static int[] ZeroOneThenFourToSeven()
    {
        var rng = new PythonRandom(12345);
        return [.. rng.Choices([0, 1], 1000), .. rng.Choices([4, 5, 6, 7], 1000)];
    }

    private List<string> Changes(IConceptDriftDetector detector, int[] stream)
    {
        var printed = new List<string>();
        for (var i = 0; i < stream.Length; i++)
        {
            if (detector.Update(stream[i]) == ConceptDriftState.Drift)
            {
                printed.Add($"Change detected at index {i}, input value: {stream[i]}");
            }
        }

        output.WriteLine($"{detector.GetType().Name}: {string.Join("; ", printed)}");
        return printed;
    }
}
