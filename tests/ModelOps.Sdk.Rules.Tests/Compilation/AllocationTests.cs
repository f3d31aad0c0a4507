namespace ModelOps.Sdk.Rules.Tests.Compilation;

/// <summary>The zero-allocation contract of FIRST, UNIQUE and PRIORITY decisions.</summary>
public sealed class AllocationTests
{
    private const string Rules = """
        { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
        { "id": "low", "when": { "income": { "op": "range", "min": 0, "max": 20000, "maxClosed": false } }, "then": { "decision": "REVIEW", "limit": 1000 } },
        { "id": "eu", "when": { "country": { "op": "in", "values": ["FR", "DE", "IT", "ES", "NL", "BE", "AT", "PT", "IE", "FI"] }, "income": { "op": ">=", "value": 20000 } }, "then": { "decision": "APPROVE", "limit": 5000 } },
        { "id": "high", "when": { "income": { "op": ">=", "value": 20000 }, "country": { "op": "not in", "values": ["XX"] } }, "then": { "decision": "APPROVE", "limit": 3000 } }
        """;

    private static readonly Applicant[] Inputs =
    [
        new() { Age = 16, Income = 1, Country = "FR" },
        new() { Age = 30, Income = 100, Country = "US" },
        new() { Age = 30, Income = 30000, Country = "IT" },
        new() { Age = 30, Income = 30000, Country = "US" },
        new() { Age = 30, Income = 30000, Country = "XX" }, // no rule: the default
        new() { Age = 30, Income = 30000, Country = "US", Student = true },
    ];

    [Theory]
    [InlineData("FIRST")]
    [InlineData("PRIORITY")]
    public void Predict_AfterWarmUp_AllocatesNothing(string hitPolicy)
    {
        var outputs = hitPolicy == "PRIORITY"
            ? """[ { "name": "decision", "type": "string", "priority": ["DECLINE", "REVIEW", "APPROVE"] }, { "name": "limit", "type": "integer" } ]"""
            : RuleSets.DecisionOutputs;
        var predictor = RuleSets.Predictor<Applicant, Decision>(RuleSets.Credit(hitPolicy, Rules, outputs, """ "default": { "decision": "REVIEW", "limit": 0 }, """));

        Assert.Equal(0, MeasureAllocatedBytes(() => predictor.Predict(Inputs[0])!, predictor.Predict));
    }

    [Fact]
    public void Predict_UniqueWithOneMatch_AllocatesNothing()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(RuleSets.Credit("UNIQUE", """
            { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
            { "id": "adult", "when": { "age": { "op": ">=", "value": 18 } }, "then": { "decision": "APPROVE", "limit": 1 } }
            """));

        Assert.Equal(0, MeasureAllocatedBytes(() => predictor.Predict(Inputs[0])!, predictor.Predict));
    }

    private static long MeasureAllocatedBytes(Func<object> warm, Func<Applicant, Decision> predict)
    {
        // Warm up past tiered compilation's call counting, so the measured calls run the final code.
        for (var i = 0; i < 20_000; i++)
        {
            _ = warm();
            _ = predict(Inputs[i % Inputs.Length]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        Decision? last = null;
        for (var i = 0; i < 1000; i++)
        {
            last = predict(Inputs[i % Inputs.Length]);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(last);
        return allocated;
    }
}
