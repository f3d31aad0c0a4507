using Microsoft.ML.Data;

namespace CreditApproval;

/// <summary>The ML.NET model's input: one application's features and, for training, whether it defaulted.</summary>
public sealed class CreditFeatures
{
    public float Income { get; set; }

    public float DebtToIncome { get; set; }

    public float YearsOfCreditHistory { get; set; }

    public float LatePayments { get; set; }

    public float LoanAmount { get; set; }

    public bool Label { get; set; }

    internal static CreditFeatures From(Applicant a) => new()
    {
        Income = (float)(a.Income / 100_000),
        DebtToIncome = (float)a.DebtToIncome,
        YearsOfCreditHistory = (float)(a.YearsOfCreditHistory / 10),
        LatePayments = (float)a.LatePayments,
        LoanAmount = (float)(a.LoanAmount / 50_000),
        Label = a.Defaulted,
    };
}

/// <summary>The ML.NET model's output, which the ONNX export produces too (as <c>PredictedLabel.output</c>, ...).</summary>
public sealed class CreditPrediction
{
    [ColumnName("PredictedLabel")]
    public bool PredictedDefault { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
