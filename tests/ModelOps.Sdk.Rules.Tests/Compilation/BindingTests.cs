namespace ModelOps.Sdk.Rules.Tests.Compilation;

/// <summary>How input and output types bind to a rule set, and the inputs it refuses.</summary>
public sealed class BindingTests
{
    private const string Rules = """
        { "id": "adult", "when": { "age": { "op": ">=", "value": 18 }, "income": { "op": ">", "value": 1000 } }, "then": { "decision": "APPROVE", "limit": 100 } },
        { "id": "other", "then": { "decision": "DECLINE", "limit": 0 } }
        """;

    private static readonly string Table = RuleSets.Credit("FIRST", Rules);

    public sealed class NoIncome
    {
        public int Age { get; init; }

        public string? Country { get; init; }
    }

    public sealed class TextIncome
    {
        public string? Income { get; init; }

        public int Age { get; init; }

        public string? Country { get; init; }
    }

    public sealed class DoubleAge
    {
        public double Income { get; init; }

        public double Age { get; init; }

        public string? Country { get; init; }
    }

    public sealed class AmbiguousIncome
    {
        public double Income { get; init; }

        [RuleField("income")]
        public double Salary { get; init; }

        public int Age { get; init; }

        public string? Country { get; init; }
    }

    [Fact]
    public void CreatePredictor_RequiredInputHasNoProperty_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<ModelSignatureMismatchException>(() => RuleSets.Predictor<NoIncome, Decision>(Table));

        Assert.Equal("income", ex.Field);
        Assert.Equal(RuleSets.ModelName, ex.ModelName);
        Assert.Equal(3, ex.Version);
        Assert.Contains("no public readable property", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePredictor_PropertyCannotHoldTheFieldType_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<ModelSignatureMismatchException>(() => RuleSets.Predictor<TextIncome, Decision>(Table));

        Assert.Equal("income", ex.Field);
        Assert.Contains("TextIncome.Income is String, which cannot hold a number field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePredictor_DoubleForAnIntegerField_Throws()
    {
        var ex = Assert.Throws<ModelSignatureMismatchException>(() => RuleSets.Predictor<DoubleAge, Decision>(Table));

        Assert.Equal("age", ex.Field);
    }

    [Fact]
    public void CreatePredictor_TwoPropertiesBindToOneField_Throws()
    {
        var ex = Assert.Throws<ModelSignatureMismatchException>(() => RuleSets.Predictor<AmbiguousIncome, Decision>(Table));

        Assert.Equal("income", ex.Field);
        Assert.Contains("both bind to it", ex.Message, StringComparison.Ordinal);
    }

    public sealed class NoLimit
    {
        public string? Decision { get; set; }
    }

    public sealed class SmallLimit
    {
        public string? Decision { get; set; }

        public int Limit { get; set; }
    }

    public sealed class ReadOnlyDecision
    {
        public string? Decision { get; }

        public long Limit { get; set; }
    }

    [Fact]
    public void CreatePredictor_OutputHasNoProperty_ThrowsNamingTheField()
    {
        var ex = Assert.Throws<ModelSignatureMismatchException>(() => RuleSets.Predictor<Applicant, NoLimit>(Table));

        Assert.Equal("limit", ex.Field);
    }

    [Fact]
    public void CreatePredictor_OutputPropertyWithoutSetter_Throws()
    {
        var ex = Assert.Throws<ModelSignatureMismatchException>(() => RuleSets.Predictor<Applicant, ReadOnlyDecision>(Table));

        Assert.Equal("decision", ex.Field);
    }

    [Fact]
    public void CreatePredictor_OutputValueDoesNotFitTheProperty_ThrowsNamingRuleAndField()
    {
        var ex = Assert.Throws<ModelSignatureMismatchException>(() =>
            RuleSets.Predictor<Applicant, SmallLimit>(RuleSets.Credit("FIRST", """{ "id": "huge", "then": { "decision": "APPROVE", "limit": 5000000000 } }""")));

        Assert.Equal("limit", ex.Field);
        Assert.Contains("rule 'huge'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePredictor_IntOutputWithinRange_Works()
    {
        Assert.Equal(100, RuleSets.Predictor<Applicant, SmallLimit>(Table).Predict(new Applicant { Age = 30, Income = 5000, Country = "FR" }).Limit);
    }

    public sealed class WideTypes
    {
        [RuleField("INCOME")]
        public decimal? AnnualIncome { get; init; }

        public long AGE { get; init; }

        public string? country { get; init; }
    }

    public sealed class FloatTypes
    {
        public float Income { get; init; }

        public long? Age { get; init; }

        public string? Country { get; init; }
    }

    public sealed class IntIncome
    {
        public int Income { get; init; }

        public int Age { get; init; }

        public string? Country { get; init; }

        public bool Student { get; init; }
    }

    [Fact]
    public void Predict_NumericPropertiesOfEveryAllowedTypeAndAttributeBinding_Work()
    {
        var loaded = RuleSets.Load(Table);

        Assert.Equal("adult", loaded.CreatePredictor<WideTypes, Decision>().Predict(new WideTypes { AnnualIncome = 1000.5m, AGE = 18, country = "FR" }).RuleId);
        Assert.Equal("other", loaded.CreatePredictor<WideTypes, Decision>().Predict(new WideTypes { AnnualIncome = 1000m, AGE = 18, country = "FR" }).RuleId);
        Assert.Equal("adult", loaded.CreatePredictor<FloatTypes, Decision>().Predict(new FloatTypes { Income = 1500f, Age = 40, Country = "FR" }).RuleId);
        Assert.Equal("adult", loaded.CreatePredictor<IntIncome, Decision>().Predict(new IntIncome { Income = 1001, Age = 18, Country = "FR" }).RuleId);
    }

    [Fact]
    public void Predict_NullInput_Throws()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(Table);

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(null!));

        Assert.Null(ex.Field);
        Assert.Equal(3, ex.Version);
    }

    [Fact]
    public void Predict_NaNInANonNullableNumber_ThrowsNamingTheField()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(Table);

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new Applicant { Income = double.NaN, Age = 30, Country = "FR" }));

        Assert.Equal("income", ex.Field);
        Assert.Contains("NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_NaNInAFloat_ThrowsNamingTheField()
    {
        var predictor = RuleSets.Predictor<FloatTypes, Decision>(Table);

        Assert.Equal("income", Assert.Throws<InvalidModelInputException>(() => predictor.Predict(new FloatTypes { Income = float.NaN, Age = 30, Country = "FR" })).Field);
    }

    [Fact]
    public void Predict_NullInARequiredInput_ThrowsNamingTheField()
    {
        var loaded = RuleSets.Load(Table);

        Assert.Equal("country", Assert.Throws<InvalidModelInputException>(() => loaded.CreatePredictor<Applicant, Decision>().Predict(new Applicant { Income = 5, Age = 30 })).Field);
        Assert.Equal("income", Assert.Throws<InvalidModelInputException>(() => loaded.CreatePredictor<WideTypes, Decision>().Predict(new WideTypes { AGE = 30, country = "FR" })).Field);
        Assert.Equal("age", Assert.Throws<InvalidModelInputException>(() => loaded.CreatePredictor<FloatTypes, Decision>().Predict(new FloatTypes { Income = 5, Country = "FR" })).Field);
    }

    private const string NullableTable = """
        {
          "formatVersion": 1,
          "hitPolicy": "FIRST",
          "inputs": [ { "name": "score", "type": "number", "nullable": true }, { "name": "segment", "type": "string", "nullable": true, "required": false } ],
          "outputs": [ { "name": "decision", "type": "string" } ],
          "rules": [
            { "id": "no-score", "when": { "score": { "op": "is null" } }, "then": { "decision": "REVIEW" } },
            { "id": "not-vip", "when": { "segment": { "op": "!=", "value": "vip" } }, "then": { "decision": "STANDARD" } },
            { "id": "has-segment", "when": { "segment": { "op": "is not null" } }, "then": { "decision": "VIP" } },
            { "id": "low", "when": { "score": { "op": "<", "value": 0.5 } }, "then": { "decision": "DECLINE" } },
            { "id": "rest", "then": { "decision": "APPROVE" } }
          ]
        }
        """;

    public sealed class Scored
    {
        public double Score { get; init; }

        public string? Segment { get; init; }
    }

    public sealed class ScoreOnly
    {
        public double? Score { get; init; }
    }

    public sealed class Outcome
    {
        public string? Decision { get; set; }

        [RuleId]
        public string? Rule { get; set; }
    }

    [Theory]
    [InlineData(double.NaN, null, "no-score")] // NaN in a nullable number reads as null
    [InlineData(0.2, null, "low")] // a null matches neither "!=" nor "is not null"
    [InlineData(0.2, "basic", "not-vip")]
    [InlineData(0.2, "vip", "has-segment")]
    [InlineData(0.9, null, "rest")]
    public void Predict_NullableInputs_MatchOnlyNullChecksWhenNull(double score, string? segment, string ruleId)
    {
        var predictor = RuleSets.Predictor<Scored, Outcome>(NullableTable);

        Assert.Equal(ruleId, predictor.Predict(new Scored { Score = score, Segment = segment }).Rule);
    }

    [Fact]
    public void Predict_OptionalInputAbsentFromTheType_ReadsAsNull()
    {
        var predictor = RuleSets.Predictor<ScoreOnly, Outcome>(NullableTable);

        Assert.Equal("no-score", predictor.Predict(new ScoreOnly()).Rule);
        Assert.Equal("low", predictor.Predict(new ScoreOnly { Score = 0.1 }).Rule);
        Assert.Equal("rest", predictor.Predict(new ScoreOnly { Score = 0.7 }).Rule);
    }

    [Fact]
    public void PredictBatch_InvalidInput_NamesThePositionAndField()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(Table);
        Applicant[] inputs = [new() { Age = 30, Country = "FR" }, new() { Age = 30, Country = "FR" }, new() { Age = 30, Income = double.NaN, Country = "FR" }];

        var ex = Assert.Throws<InvalidModelInputException>(() => predictor.PredictBatch(inputs, new Decision[3]));

        Assert.Equal("income", ex.Field);
        Assert.Contains("batch position 2: the value is NaN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictBatch_OutputsTooShort_Throws()
    {
        var predictor = RuleSets.Predictor<Applicant, Decision>(Table);

        Assert.Throws<ArgumentException>(() => predictor.PredictBatch(new Applicant[2], new Decision[1]));
    }

    [Fact]
    public async Task CreatePredictor_AfterDispose_Throws()
    {
        var loaded = RuleSets.Load(Table);
        await loaded.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => loaded.CreatePredictor<Applicant, Decision>());
    }

    [Fact]
    public async Task Load_WithoutVersion_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await new RulesFlavor().LoadAsync(RuleSets.Artifact(Table)));
    }
}
