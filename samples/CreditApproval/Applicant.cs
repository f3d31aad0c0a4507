namespace CreditApproval;

/// <summary>One loan application, with the outcome the bank learned later (did the customer default?).</summary>
internal sealed record Applicant(
    double Income,
    double DebtToIncome,
    double YearsOfCreditHistory,
    double LatePayments,
    double LoanAmount,
    string Region,
    bool Defaulted)
{
    public const int FeatureCount = 5;

    public double[] Features() => [Income / 100_000, DebtToIncome, YearsOfCreditHistory / 10, LatePayments, LoanAmount / 50_000];

    public static readonly string[] FeatureNames = ["income_100k", "debt_to_income", "credit_history_decades", "late_payments", "loan_amount_50k"];
}
