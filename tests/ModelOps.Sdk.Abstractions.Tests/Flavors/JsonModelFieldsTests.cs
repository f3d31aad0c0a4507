using System.Text.Json;
using ModelOps.Sdk.Flavors;

namespace ModelOps.Sdk.Abstractions.Tests.Flavors;

/// <summary>The field readers flavors use to implement <see cref="IJsonScoringModel"/>: values read as typed, errors naming the field.</summary>
public sealed class JsonModelFieldsTests
{
    private static readonly ModelVersion Version = new()
    {
        ModelName = "credit",
        Version = 3,
        Flavor = "custom",
        Artifact = new ArtifactFile("model", new string('0', 64), 0),
        RegisteredBy = "tests",
    };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void TryGetField_ExactNameFirstThenIgnoringCase()
    {
        var input = Json("""{ "Income": 1, "income": 2, "Age": 40 }""");

        Assert.True(JsonModelFields.TryGetField(input, "income", Version, out var income));
        Assert.True(JsonModelFields.TryGetField(input, "age", Version, out var age));
        Assert.False(JsonModelFields.TryGetField(input, "debt", Version, out _));
        Assert.Equal((2.0, 40L), (JsonModelFields.ReadDouble(income, "income", Version), JsonModelFields.ReadInt64(age, "age", Version)));
    }

    [Fact]
    public void TryGetField_TwoPropertiesDifferingOnlyInCase_IsRefusedNamingTheField()
    {
        var ex = Assert.Throws<InvalidModelInputException>(() => JsonModelFields.TryGetField(Json("""{ "Income": 1, "INCOME": 2 }"""), "income", Version, out _));

        Assert.Equal(("credit", 3, "income"), (ex.ModelName, ex.Version, ex.Field));
    }

    [Fact]
    public void GetRequiredField_Missing_SaysSo()
    {
        var ex = Assert.Throws<InvalidModelInputException>(() => JsonModelFields.GetRequiredField(Json("{}"), "income", Version));

        Assert.Equal("Input to model 'credit' version 3 is invalid at field 'income': the field is missing.", ex.Message);
    }

    [Theory]
    [InlineData("\"42\"", "expected a number, found a string (\"42\")")]
    [InlineData("true", "expected a number, found a Boolean")]
    [InlineData("null", "expected a number, found null")]
    public void ReadDouble_WrongKind_NamesWhatWasFound(string value, string problem)
    {
        var ex = Assert.Throws<InvalidModelInputException>(() => JsonModelFields.ReadDouble(Json(value), "income", Version));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.0", 3L)]
    [InlineData("-7", -7L)]
    public void ReadInt64_WholeNumbers_AreRead(string value, long expected) =>
        Assert.Equal(expected, JsonModelFields.ReadInt64(Json(value), "age", Version));

    [Theory]
    [InlineData("3.5")]
    [InlineData("1e30")]
    public void ReadInt64_FractionOrTooLarge_IsRefused(string value) =>
        Assert.Throws<InvalidModelInputException>(() => JsonModelFields.ReadInt64(Json(value), "age", Version));

    [Fact]
    public void Flatten_NestedArrays_GivesRowMajorScalarsAndTheShape()
    {
        var scalars = JsonModelFields.Flatten(Json("[[1, 2, 3], [4, 5, 6]]"), "x", Version, out var shape);

        Assert.Equal([2, 3], shape);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], scalars.Select(s => JsonModelFields.ReadDouble(s, "x", Version)));
    }

    [Fact]
    public void Flatten_Scalar_GivesOneValueAndNoDimensions()
    {
        var scalars = JsonModelFields.Flatten(Json("7"), "x", Version, out var shape);

        Assert.Empty(shape);
        Assert.Single(scalars);
    }

    [Fact]
    public void Flatten_RaggedArrays_AreRefused()
    {
        var ex = Assert.Throws<InvalidModelInputException>(() => JsonModelFields.Flatten(Json("[[1, 2], [3]]"), "x", Version, out _));

        Assert.Equal("x", ex.Field);
        Assert.Contains("ragged", ex.Message, StringComparison.Ordinal);
    }
}
