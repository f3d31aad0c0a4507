using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Assignment;

/// <summary>
/// Tells which arm of an experiment a point of [0, 1) or a sticky entity key reaches under the definition's current split, the
/// same way routed scorers do. Use it to know a customer's arm without scoring, or to check assignment from another process.
/// </summary>
/// <remarks>Immutable and thread-safe; create one per definition revision.</remarks>
public sealed class ArmAssigner
{
    private readonly double[] _starts;
    private readonly double[] _ends;
    private readonly string[] _names;
    private readonly long _seed;

    /// <summary>Initializes a new instance of the <see cref="ArmAssigner"/> class.</summary>
    /// <param name="definition">The experiment; validated first.</param>
    /// <exception cref="InvalidExperimentDefinitionException">The definition is invalid.</exception>
    public ArmAssigner(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        var plan = TrafficPlan.From(definition);
        var count = definition.Challengers.Count;
        _starts = new double[count];
        _ends = new double[count];
        _names = new string[count + 1];
        _names[0] = definition.Champion.Name;
        for (var i = 0; i < count; i++)
        {
            _starts[i] = plan.RegionStarts[i];
            _ends[i] = plan.RegionStarts[i] + plan.ChallengerShares[i];
            _names[i + 1] = definition.Challengers[i].Name;
        }

        _seed = StickyHash.SeedOf(definition.Salt);
    }

    /// <summary>Gets the arm names by index: 0 is the champion, 1 and up the challengers in definition order.</summary>
    public IReadOnlyList<string> ArmNames => _names;

    /// <summary>
    /// Gets the arm index an entity key is assigned to under sticky assignment: the key's point is
    /// <c>(XXH3_64bits_withSeed(utf16le(key), XXH3_64bits(utf16le(salt))) &gt;&gt; 11) / 2^53</c>, the same on every machine and
    /// in every version (see docs/champion-challenger.md).
    /// </summary>
    /// <param name="entityKey">The entity key, for example a customer id.</param>
    /// <returns>0 for the champion, 1 and up for the challengers in definition order.</returns>
    public int AssignSticky(string entityKey)
    {
        ArgumentNullException.ThrowIfNull(entityKey);
        return AssignPoint(StickyHash.PointOf(_seed, entityKey));
    }

    /// <summary>The sticky point of an entity key under this experiment's salt.</summary>
    internal double PointOfSticky(string entityKey) => StickyHash.PointOf(_seed, entityKey);

    /// <summary>Gets the arm index a point of [0, 1) falls in.</summary>
    /// <param name="point">The point.</param>
    /// <returns>0 for the champion, 1 and up for the challengers in definition order.</returns>
    public int AssignPoint(double point)
    {
        var starts = _starts;
        var ends = _ends;
        for (var i = 0; i < starts.Length; i++)
        {
            if (point >= starts[i] && point < ends[i])
            {
                return i + 1;
            }
        }

        return 0;
    }
}
