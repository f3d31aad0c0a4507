namespace ModelOps.Sdk.Rules.Tests;

/// <summary>The complete example of docs/flavors/rules.md: the page shows this file, and these are the decisions it documents.</summary>
public sealed class DocumentedExampleTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "Examples", "credit-limit.json");

    public sealed class CreditApplication
    {
        public decimal Income { get; init; }

        public int Age { get; init; }

        public string Country { get; init; } = "FR";

        public double? BureauScore { get; init; }

        public bool? Student { get; init; }
    }

    public sealed class CreditDecision
    {
        public string Decision { get; set; } = string.Empty;

        public int Limit { get; set; }

        [RuleId]
        public string? Rule { get; set; }
    }

    [Theory]
    [InlineData(50000, 16, "FR", 720.0, null, "minor", "DECLINE", 0)]
    [InlineData(50000, 30, "XX", 720.0, null, "sanctioned", "DECLINE", 0)]
    [InlineData(50000, 30, "FR", null, null, "no-bureau", "REVIEW", 500)]
    [InlineData(15000, 20, "FR", 650.0, true, "student", "APPROVE", 1000)]
    [InlineData(15000, 20, "FR", 650.0, null, "low-income", "REVIEW", 1000)]
    [InlineData(50000, 30, "FR", 720.0, null, "prime", "APPROVE", 10000)]
    [InlineData(50000, 30, "ZZ", 720.0, null, "standard", "APPROVE", 3000)]
    [InlineData(50000, 30, "FR", 650.0, null, "standard", "APPROVE", 3000)]
    [InlineData(-1, 30, "FR", 650.0, null, null, "REVIEW", 0)]
    public void Example_DecidesAsDocumented(int income, int age, string country, double? bureauScore, bool? student, string? rule, string decision, int limit)
    {
        var predictor = RuleSets.Predictor<CreditApplication, CreditDecision>(File.ReadAllText(ExamplePath));

        var result = predictor.Predict(new CreditApplication { Income = income, Age = age, Country = country, BureauScore = bureauScore, Student = student });

        Assert.Equal((rule, decision, limit), (result.Rule, result.Decision, result.Limit));
    }

    [Fact]
    public void Documentation_ShowsTheTestedExample()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ModelOps.Sdk.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root was not found.");
        }

        var page = File.ReadAllText(Path.Combine(root, "docs", "flavors", "rules.md")).ReplaceLineEndings("\n");
        var example = File.ReadAllText(ExamplePath).ReplaceLineEndings("\n");

        Assert.Contains("```jsonc\n" + example + "```", page, StringComparison.Ordinal);
    }
}
