using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>One monitored feature and the compiled delegate that reads it from a row: a number (NaN when missing), a category
/// (null when missing) or a boolean (0, 1, or -1 when missing).</summary>
internal sealed class FeatureReader<T>
{
    private FeatureReader(string name, FeatureKind kind, string clrType, Func<T, double>? number, Func<T, string?>? category, Func<T, int>? boolean)
    {
        Name = name;
        Kind = kind;
        ClrType = clrType;
        Number = number;
        Category = category;
        Boolean = boolean;
    }

    public string Name { get; }

    public FeatureKind Kind { get; }

    /// <summary>The type the value is read from, for signature checks and messages.</summary>
    public string ClrType { get; }

    public Func<T, double>? Number { get; }

    public Func<T, string?>? Category { get; }

    public Func<T, int>? Boolean { get; }

    public static FeatureReader<T> ForNumber(string name, Func<T, double> read, string clrType = "double") => new(name, FeatureKind.Numeric, clrType, read, null, null);

    public static FeatureReader<T> ForCategory(string name, Func<T, string?> read, string clrType = "string") => new(name, FeatureKind.Categorical, clrType, null, read, null);

    public static FeatureReader<T> ForBoolean(string name, Func<T, int> read, string clrType = "bool") => new(name, FeatureKind.Boolean, clrType, null, null, read);
}
