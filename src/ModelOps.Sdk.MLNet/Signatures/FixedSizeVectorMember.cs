using System.Reflection;

namespace ModelOps.Sdk.MLNet;

/// <summary>An input member bound to a fixed-size vector column; read only on the error path, to name the column at fault.</summary>
/// <param name="Column">The column.</param>
/// <param name="Member">The property or field that feeds it.</param>
/// <param name="Size">The column's size.</param>
internal sealed record FixedSizeVectorMember(string Column, MemberInfo Member, int Size)
{
    /// <summary>Whether the member's value on <paramref name="input"/> is an array of another length.</summary>
    public bool HasWrongLength(object input)
    {
        var value = Member is PropertyInfo p ? p.GetValue(input) : ((FieldInfo)Member).GetValue(input);
        return value is Array array && array.Length != Size;
    }
}
