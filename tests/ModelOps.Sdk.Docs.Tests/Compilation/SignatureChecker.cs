using System.Globalization;
using Microsoft.CodeAnalysis;

namespace ModelOps.Sdk.Docs.Tests.Compilation;

/// <summary>
/// Checks a <c>signature</c> listing against the real type of the same name: every member listed must exist with the same
/// signature, and a listed interface must list every member the real interface declares.
/// </summary>
public static class SignatureChecker
{
    // Names only (no namespaces), so the listing's own types (IArtifactUpload in the listing) match the real ones by name.
    private static readonly SymbolDisplayFormat MemberFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeRef,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName
            | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeDefaultValue,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Returns one message per difference, at the listing's line.</summary>
    public static IEnumerable<string> Check(Microsoft.CodeAnalysis.Compilation compilation, DocSnippet snippet, string listingNamespace)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        ArgumentNullException.ThrowIfNull(snippet);
        var listing = FindNamespace(compilation.GlobalNamespace, listingNamespace);
        if (listing is null)
        {
            yield break;
        }

        foreach (var listed in listing.GetTypeMembers())
        {
            var where = Where(listed, snippet);
            var candidates = RealTypes(compilation.GlobalNamespace)
                .Where(t => t.Name == listed.Name && t.Arity == listed.Arity)
                .ToList();
            if (candidates.Count != 1)
            {
                yield return $"{where}: error DOC0001: the listing shows type '{listed.Name}', which names {candidates.Count} public ModelOps.Sdk types, not one.";
                continue;
            }

            var real = candidates[0];
            var realMembers = Members(real).ToHashSet(StringComparer.Ordinal);
            foreach (var member in listed.GetMembers().Where(Shown))
            {
                var signature = member.ToDisplayString(MemberFormat);
                if (!realMembers.Contains(signature))
                {
                    yield return $"{Where(member, snippet)}: error DOC0002: '{real.ToDisplayString()}' has no member '{signature}'. It has: {string.Join("; ", realMembers.Order(StringComparer.Ordinal))}.";
                }
            }

            if (real.TypeKind == TypeKind.Interface)
            {
                var listedMembers = listed.GetMembers().Where(Shown).Select(m => m.ToDisplayString(MemberFormat)).ToHashSet(StringComparer.Ordinal);
                foreach (var missing in real.GetMembers().Where(Shown).Select(m => m.ToDisplayString(MemberFormat)).Where(m => !listedMembers.Contains(m)))
                {
                    yield return $"{where}: error DOC0003: the listing of '{real.ToDisplayString()}' omits its member '{missing}'.";
                }
            }
        }
    }

    private static bool Shown(ISymbol member) =>
        member is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol or IEventSymbol or IFieldSymbol
        && member.DeclaredAccessibility == Accessibility.Public && !member.IsImplicitlyDeclared;

    private static IEnumerable<string> Members(INamedTypeSymbol type)
    {
        var types = new List<INamedTypeSymbol> { type };
        types.AddRange(type.AllInterfaces);
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            types.Add(b);
        }

        return types.SelectMany(t => t.GetMembers()).Where(Shown).Select(m => m.ToDisplayString(MemberFormat));
    }

    private static IEnumerable<INamedTypeSymbol> RealTypes(INamespaceSymbol global)
    {
        var modelOps = global.GetNamespaceMembers().FirstOrDefault(n => n.Name == "ModelOps");
        return modelOps is null ? [] : Walk(modelOps);

        static IEnumerable<INamedTypeSymbol> Walk(INamespaceSymbol ns) =>
            ns.GetTypeMembers()
                .Where(t => t.DeclaredAccessibility == Accessibility.Public && t.ContainingAssembly.Name.StartsWith("ModelOps.Sdk", StringComparison.Ordinal))
                .Concat(ns.GetNamespaceMembers().SelectMany(Walk));
    }

    private static INamespaceSymbol? FindNamespace(INamespaceSymbol global, string dotted)
    {
        INamespaceSymbol? current = global;
        foreach (var part in dotted.Split('.'))
        {
            current = current?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
        }

        return current;
    }

    private static string Where(ISymbol symbol, DocSnippet snippet)
    {
        var span = symbol.Locations.FirstOrDefault()?.GetMappedLineSpan();
        return span is { IsValid: true } s
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Path}({s.StartLinePosition.Line + 1},{s.StartLinePosition.Character + 1})")
            : string.Create(CultureInfo.InvariantCulture, $"{snippet.DocPath}({snippet.Block.FirstCodeLine})");
    }
}
