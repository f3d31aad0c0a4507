using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ModelOps.Sdk.Explanations;

namespace ModelOps.Sdk.MLNet;

/// <summary>
/// Explains an ML.NET model's decisions with ML.NET's own feature contribution calculation
/// (<c>ExplainabilityCatalog.CalculateFeatureContribution</c>, unnormalized), for the trainers that support it: linear models
/// (contribution = weight x value in the model's feature space, so the baseline is 0 there), generalized additive models (the shape
/// function at the value) and tree ensembles (the change in score the feature's splits make along each tree's decision path).
/// </summary>
/// <remarks>
/// Source: ML.NET, <c>FeatureContributionCalculatingEstimator</c> and <c>ICalculateFeatureContribution</c> (docs.microsoft.com,
/// "Microsoft.ML.Transforms.FeatureContributionCalculatingEstimator": "For linear models, the contribution of a given feature is
/// equal to the product of feature value times the corresponding weight"). A calibrated binary classifier's contributions explain
/// its raw score (before calibration), the column <c>Score</c>. The contributions are per slot of the model's feature vector, named
/// by the vector's slot names (a concatenated scalar column keeps its name; a one-hot column's slots are <c>Column.category</c>).
/// </remarks>
internal sealed class FeatureContributionExplainer
{
    private const string ContributionsColumn = "FeatureContributions";
    private const string ScoreColumn = "Score";

    private static readonly MethodInfo CalibratedOverload = typeof(ExplainabilityCatalog).GetMethods()
        .Single(m => m.Name == nameof(ExplainabilityCatalog.CalculateFeatureContribution) && m.IsGenericMethodDefinition);

    private readonly MLNetLoadedModel _model;
    private readonly IEstimator<ITransformer> _estimator;
    private readonly string _featureColumn;
    private readonly string _baseline;
    private readonly bool _linear;
    private ITransformer? _calculator;

    private FeatureContributionExplainer(MLNetLoadedModel model, IEstimator<ITransformer> estimator, string featureColumn, bool linear)
    {
        _model = model;
        _estimator = estimator;
        _featureColumn = featureColumn;
        _linear = linear;
        _baseline = linear
            ? $"0 in the model's feature space (column '{featureColumn}'): ML.NET's contribution of a linear model's feature is its weight times its value"
            : $"ML.NET's feature contribution calculation on column '{featureColumn}' (for trees, the change in score along each tree's decision path)";
    }

    /// <summary>The explainer of a model, or <see langword="null"/> when its last transformer's trainer has no feature contributions.</summary>
    public static FeatureContributionExplainer? TryCreate(MLNetLoadedModel model)
    {
        var last = model.Transformer;
        while (last is IEnumerable<ITransformer> chain && chain.LastOrDefault() is { } inner)
        {
            last = inner;
        }

        if (last is not ISingleFeaturePredictionTransformer<object> prediction || prediction.Model is not ICalculateFeatureContribution)
        {
            return null;
        }

        // Ask for every slot: ML.NET keeps only the top positive and negative contributions it is told to.
        var slots = model.OutputSchema.GetColumnOrNull(prediction.FeatureColumnName)?.Type is VectorDataViewType { IsKnownSize: true } vector ? vector.Size : 0;
        if (slots == 0)
        {
            return null;
        }

        var transforms = model.Context.Transforms;
        IEstimator<ITransformer> estimator;
        if (last is ISingleFeaturePredictionTransformer<ICalculateFeatureContribution> direct)
        {
            estimator = transforms.CalculateFeatureContribution(direct, numberOfPositiveContributions: slots, numberOfNegativeContributions: slots, normalize: false);
        }
        else if (last.GetType().GetInterfaces().FirstOrDefault(IsCalibratedPredictionTransformer) is { } calibrated)
        {
            // A calibrated classifier's transformer is typed by CalibratedModelParametersBase<TModel, TCalibrator>, for which ML.NET has a
            // generic overload; its type arguments are known only from the loaded model, hence the one reflective call.
            var arguments = calibrated.GetGenericArguments()[0].GetGenericArguments();
            estimator = (IEstimator<ITransformer>)CalibratedOverload.MakeGenericMethod(arguments)
                .Invoke(null, [transforms, last, slots, slots, false])!;
        }
        else
        {
            return null;
        }

        var linear = prediction.Model is LinearModelParameters
            || (prediction.Model is CalibratedModelParametersBase calibratedModel && calibratedModel.SubModel is LinearModelParameters);
        return new FeatureContributionExplainer(model, estimator, prediction.FeatureColumnName, linear);
    }

    public DecisionExplanation Explain(IDataView input)
    {
        var scored = _model.Transformer.Transform(input);
        var calculator = Volatile.Read(ref _calculator);
        if (calculator is null)
        {
            // The estimator does not look at the data (ML.NET: "needs to look at the data to train: No"); fitting it once is enough.
            calculator = _estimator.Fit(scored);
            Volatile.Write(ref _calculator, calculator);
        }

        var explained = calculator.Transform(scored);
        var features = explained.Schema[_featureColumn];
        var contributions = explained.Schema[ContributionsColumn];
        var score = explained.Schema.GetColumnOrNull(ScoreColumn);
        using var cursor = explained.GetRowCursor([features, contributions, .. score is { } s ? [s] : Array.Empty<DataViewSchema.Column>()]);
        if (!cursor.MoveNext())
        {
            throw new InvalidOperationException($"Model '{_model.Version.ModelName}' version {_model.Version.Version} produced no row for one input.");
        }

        VBuffer<float> values = default;
        VBuffer<float> attributions = default;
        cursor.GetGetter<VBuffer<float>>(features)(ref values);
        cursor.GetGetter<VBuffer<float>>(contributions)(ref attributions);
        double? outputValue = null;
        if (score is { Type: NumberDataViewType } scoreColumn && scoreColumn.Type.RawType == typeof(float))
        {
            float value = default;
            cursor.GetGetter<float>(scoreColumn)(ref value);
            outputValue = value;
        }

        var names = SlotNames(features, values.Length);
        var dense = values.DenseValues().ToArray();
        var result = new List<FeatureContribution>(dense.Length);
        var contributionValues = attributions.DenseValues().ToArray();
        for (var j = 0; j < dense.Length; j++)
        {
            result.Add(new FeatureContribution(names[j], contributionValues[j], dense[j], _linear ? 0 : null));
        }

        return new DecisionExplanation
        {
            ModelName = _model.Version.ModelName,
            Version = _model.Version.Version,
            Method = ExplanationMethod.FeatureContributionCalculation,
            Baseline = _baseline,
            Output = score is null ? null : ScoreColumn,
            OutputValue = outputValue,
            Contributions = [.. result.OrderByDescending(static c => Math.Abs(c.Contribution)).ThenBy(static c => c.Feature, StringComparer.Ordinal)],
        };
    }

    private static bool IsCalibratedPredictionTransformer(Type type) =>
        type.IsGenericType
        && type.GetGenericTypeDefinition() == typeof(ISingleFeaturePredictionTransformer<>)
        && type.GetGenericArguments()[0] is { IsGenericType: true } model
        && model.GetGenericTypeDefinition() == typeof(CalibratedModelParametersBase<,>);

    private static string[] SlotNames(DataViewSchema.Column features, int length)
    {
        var names = new string[length];
        VBuffer<ReadOnlyMemory<char>> slots = default;
        if (features.HasSlotNames())
        {
            features.GetSlotNames(ref slots);
        }

        var i = 0;
        if (slots.Length == length)
        {
            foreach (var slot in slots.DenseValues())
            {
                names[i++] = slot.IsEmpty ? string.Empty : slot.ToString();
            }
        }

        for (var j = 0; j < length; j++)
        {
            if (string.IsNullOrEmpty(names[j]))
            {
                names[j] = string.Create(CultureInfo.InvariantCulture, $"{features.Name}[{j}]");
            }
        }

        return names;
    }
}
