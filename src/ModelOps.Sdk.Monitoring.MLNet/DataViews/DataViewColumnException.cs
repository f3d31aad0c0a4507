namespace ModelOps.Sdk.Monitoring.MLNet.DataViews;

/// <summary>
/// Thrown when a data-view column cannot be monitored: it is not in the data view, or its type is not one that profiles (a
/// number, text, a boolean or a key). Nothing is profiled.
/// </summary>
/// <remarks>
/// Monitored column types: <c>Single</c>, <c>Double</c>, the integer types (<c>SByte</c>, <c>Byte</c>, <c>Int16</c>, <c>UInt16</c>,
/// <c>Int32</c>, <c>UInt32</c>, <c>Int64</c>, <c>UInt64</c>) as numeric; <c>Text</c> and <c>UInt32</c> keys as categorical;
/// <c>Boolean</c> as boolean. Vectors, dates, time spans and other types are refused with this exception naming the column and its
/// type; select scalar columns, or derive one (for example a vector's norm) in the ML.NET pipeline first.
/// </remarks>
public sealed class DataViewColumnException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="DataViewColumnException"/> class.</summary>
    /// <param name="columnName">The column at fault.</param>
    /// <param name="columnType">The column's ML.NET type, or <see langword="null"/> when the data view has no such column.</param>
    /// <param name="problem">What is wrong with it.</param>
    public DataViewColumnException(string columnName, string? columnType, string problem)
        : base($"Data-view column '{columnName}'{(columnType is null ? string.Empty : $" of type {columnType}")} cannot be monitored: {problem}.")
    {
        ColumnName = columnName;
        ColumnType = columnType;
    }

    /// <summary>Gets the column at fault.</summary>
    public string ColumnName { get; }

    /// <summary>Gets the column's ML.NET type (for example <c>Vector&lt;Single, 4&gt;</c>), or <see langword="null"/> when the
    /// data view has no such column.</summary>
    public string? ColumnType { get; }
}
