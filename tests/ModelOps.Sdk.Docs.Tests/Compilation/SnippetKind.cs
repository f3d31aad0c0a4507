namespace ModelOps.Sdk.Docs.Tests.Compilation;

/// <summary>How a C# block is compiled, from the marker after <c>csharp</c> in its fence.</summary>
public enum SnippetKind
{
    /// <summary>No marker: statements run in the ambient context; classes, records and namespaces compile as types.</summary>
    Code,

    /// <summary><c>signature</c>: a listing of a public type's members, checked member by member against the real type.</summary>
    Signature,

    /// <summary><c>ignore: why</c>: not compiled.</summary>
    Ignored,
}
