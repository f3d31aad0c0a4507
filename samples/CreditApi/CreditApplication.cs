namespace CreditApi;

/// <summary>The input of the <c>credit-limit</c> decision table (bound to its inputs by property name).</summary>
public sealed class CreditApplication
{
    public decimal Income { get; init; }

    public int Age { get; init; }

    public string? Country { get; init; }

    public double? BureauScore { get; init; }
}
