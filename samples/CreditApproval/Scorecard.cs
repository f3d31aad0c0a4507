using System.Text.Json;

namespace CreditApproval;

/// <summary>
/// A logistic-regression scorecard: the sample's model, trained here by gradient descent and stored in the registry as JSON
/// under a custom flavor (<c>scorecard</c>). Later packages add ML.NET, ONNX and rules flavors.
/// </summary>
internal sealed record Scorecard(string[] Features, double[] Weights, double Bias, double Threshold)
{
    public double ProbabilityOfDefault(Applicant applicant)
    {
        var x = applicant.Features();
        var z = Bias;
        for (var i = 0; i < x.Length; i++)
        {
            z += Weights[i] * x[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public bool Approve(Applicant applicant) => ProbabilityOfDefault(applicant) < Threshold;

    public static Scorecard Train(IReadOnlyList<Applicant> data, int epochs, double learningRate)
    {
        var w = new double[Applicant.FeatureCount];
        var b = 0.0;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var gw = new double[w.Length];
            var gb = 0.0;
            foreach (var a in data)
            {
                var x = a.Features();
                var z = b;
                for (var i = 0; i < x.Length; i++)
                {
                    z += w[i] * x[i];
                }

                var error = (1 / (1 + Math.Exp(-z))) - (a.Defaulted ? 1 : 0);
                for (var i = 0; i < x.Length; i++)
                {
                    gw[i] += error * x[i];
                }

                gb += error;
            }

            for (var i = 0; i < w.Length; i++)
            {
                w[i] -= learningRate * gw[i] / data.Count;
            }

            b -= learningRate * gb / data.Count;
        }

        return new Scorecard(Applicant.FeatureNames, w, b, Threshold: 0.2);
    }

    /// <summary>Area under the ROC curve: the probability that a random defaulter scores above a random non-defaulter (ties count half).</summary>
    public double Auc(IReadOnlyList<Applicant> data)
    {
        var scored = data.Select(a => (Score: ProbabilityOfDefault(a), a.Defaulted)).OrderBy(s => s.Score).ToArray();
        double positives = scored.Count(s => s.Defaulted), negatives = scored.Length - positives, rankSum = 0;
        for (var i = 0; i < scored.Length;)
        {
            var j = i;
            while (j < scored.Length && scored[j].Score == scored[i].Score)
            {
                j++;
            }

            var averageRank = (i + j + 1) / 2.0;
            rankSum += averageRank * scored[i..j].Count(s => s.Defaulted);
            i = j;
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    public double Accuracy(IReadOnlyList<Applicant> data) =>
        data.Count(a => (ProbabilityOfDefault(a) >= 0.5) == a.Defaulted) / (double)data.Count;

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static Scorecard FromJson(Stream json) =>
        JsonSerializer.Deserialize<Scorecard>(json) ?? throw new InvalidDataException("The scorecard artifact is empty.");
}
