using FsCheck;
using FsCheck.Xunit;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Abstractions.Tests.Scoring;

/// <summary>
/// <see cref="ScoredPrediction{TOutput}"/> keeps a logged prediction's id beside the version rather than in the value, so these
/// check that what goes in comes out, whichever way the prediction was made.
/// </summary>
public sealed class ScoredPredictionTests
{
    private static readonly ServedModel Served = new("credit", 3, new string('a', 64), "rules");

    [Property]
    public void WithId_KeepsTheValueAndVersion_AndCarriesTheId(NonEmptyString model, string? experiment, NonEmptyString arm, PositiveInt version, ulong nonce, int value)
    {
        var id = new PredictionId(model.Get, experiment, arm.Get, version.Get, nonce);
        var plain = new ScoredPrediction<int>(value, Served);

        var logged = plain with { Id = id };

        Assert.Equal(value, logged.Value);
        Assert.Same(Served, logged.Model);
        Assert.Equal(id, logged.Id);
        Assert.Equal(default, plain.Id);
        Assert.NotEqual(plain, logged);
        Assert.Equal(logged, plain with { Id = id });
        Assert.Equal((logged with { Id = id }).GetHashCode(), logged.GetHashCode());
    }

    [Fact]
    public void WithTheEmptyId_IsThePlainPrediction()
    {
        var plain = new ScoredPrediction<string>("APPROVE", Served);

        var same = plain with { Id = default };

        Assert.Equal(plain, same);
        Assert.True(plain == same);
        var (value, model) = same;
        Assert.Equal("APPROVE", value);
        Assert.Same(Served, model);
        Assert.Equal("APPROVE from " + Served, plain.ToString());
    }
}
