using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ModelOps.Sdk.Predictions;

/// <summary>
/// The id of a logged prediction. It is self-describing: it carries the model, the experiment, the arm and the version that served
/// the call, so an outcome that arrives weeks later, on any instance, joins the right arm and version with no state kept per call,
/// and a decision can be replayed with the exact version that made it.
/// </summary>
/// <remarks>
/// <para>
/// The text form is <c>model:experiment:arm:version:nonce</c>, for example <c>credit:more-data:bigger:7:9f86d081884c7d65</c>,
/// where the nonce is 16 lowercase hexadecimal digits of randomness. A call that was not enrolled in an experiment (targeting
/// excluded it, or the experiment is aborted) has an empty experiment: <c>credit::champion:3:...</c>; so has a call of a plain
/// scorer that logs its predictions, whose arm is the alias it follows (or <c>pinned</c>). Model names cannot contain
/// <c>:</c>, and experiment and arm names are letters, digits, <c>_</c> and <c>-</c>, so the form parses unambiguously.
/// </para>
/// <para>Creating an id allocates nothing: it refers to strings the router already holds; only <c>ToString()</c> allocates.</para>
/// </remarks>
public readonly struct PredictionId : IEquatable<PredictionId>, ISpanFormattable
{
    private const char Separator = ':';

    /// <summary>Initializes a new instance of the <see cref="PredictionId"/> struct.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment, or <see langword="null"/> when the call was not enrolled.</param>
    /// <param name="arm">The arm that served the call.</param>
    /// <param name="version">The version that served the call.</param>
    /// <param name="nonce">Random bits that make the id unique.</param>
    public PredictionId(string modelName, string? experimentName, string arm, int version, ulong nonce)
    {
        ModelName = modelName;
        ExperimentName = string.IsNullOrEmpty(experimentName) ? null : experimentName;
        Arm = arm;
        Version = version;
        Nonce = nonce;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the experiment, or <see langword="null"/> when the call was not enrolled in one.</summary>
    public string? ExperimentName { get; }

    /// <summary>Gets the arm that served the call.</summary>
    public string Arm { get; }

    /// <summary>Gets the version that served the call.</summary>
    public int Version { get; }

    /// <summary>Gets the random bits that make the id unique.</summary>
    public ulong Nonce { get; }

    /// <summary>Gets a value indicating whether the call was enrolled in an experiment, so its outcome counts for an arm.</summary>
    public bool IsEnrolled => ExperimentName is not null;

    /// <summary>Compares two ids.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(PredictionId left, PredictionId right) => left.Equals(right);

    /// <summary>Compares two ids.</summary>
    /// <param name="left">The first id.</param>
    /// <param name="right">The second id.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PredictionId left, PredictionId right) => !left.Equals(right);

    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text, as produced by <c>ToString()</c>.</param>
    /// <returns>The id.</returns>
    /// <exception cref="InvalidPredictionIdException">The text is not a prediction id; the message says which part is wrong.</exception>
    public static PredictionId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id, out var problem) ? id : throw new InvalidPredictionIdException(text, problem!);
    }

    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="id">The id, when the text is one.</param>
    /// <returns>Whether the text is a prediction id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out PredictionId id) => TryParse(text, out id, out _);

    /// <inheritdoc />
    public bool Equals(PredictionId other) =>
        string.Equals(ModelName, other.ModelName, StringComparison.Ordinal)
        && string.Equals(ExperimentName, other.ExperimentName, StringComparison.Ordinal)
        && string.Equals(Arm, other.Arm, StringComparison.Ordinal)
        && Version == other.Version
        && Nonce == other.Nonce;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PredictionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ModelName, ExperimentName, Arm, Version, Nonce);

    /// <summary>Formats the id as <c>model:experiment:arm:version:nonce</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => ModelName is null ? string.Empty : $"{ModelName}:{ExperimentName}:{Arm}:{Version.ToString(CultureInfo.InvariantCulture)}:{Nonce:x16}";

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes the text form into a span without allocating.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <param name="format">Ignored.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>Whether the span was large enough.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider? provider = null) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{ModelName}:{ExperimentName}:{Arm}:{Version}:{Nonce:x16}", out charsWritten);

    private static bool TryParse(string? text, out PredictionId id, out string? problem)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            problem = "it is empty";
            return false;
        }

        var parts = text.Split(Separator);
        if (parts.Length != 5)
        {
            problem = $"it has {parts.Length} ':'-separated parts; expected 5 (model:experiment:arm:version:nonce)";
            return false;
        }

        if (parts[0].Length == 0 || parts[2].Length == 0)
        {
            problem = parts[0].Length == 0 ? "the model part is empty" : "the arm part is empty";
            return false;
        }

        if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            problem = $"the version part '{parts[3]}' is not a positive integer";
            return false;
        }

        if (parts[4].Length != 16 || !ulong.TryParse(parts[4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var nonce))
        {
            problem = $"the nonce part '{parts[4]}' is not 16 hexadecimal digits";
            return false;
        }

        id = new PredictionId(parts[0], parts[1], parts[2], version, nonce);
        problem = null;
        return true;
    }
}
