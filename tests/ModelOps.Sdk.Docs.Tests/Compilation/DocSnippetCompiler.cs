using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelOps.Sdk.Docs.Tests.Markdown;

namespace ModelOps.Sdk.Docs.Tests.Compilation;

/// <summary>
/// Compiles the C# blocks of one doc file, inside the ambient context, against the assemblies the test runs with. The references
/// and the ambient trees are bound once and shared by every file's compilation.
/// </summary>
public sealed class DocSnippetCompiler
{
    /// <summary>The ambient file every snippet is compiled with, an embedded resource of this assembly.</summary>
    public const string AmbientPath = "tests/ModelOps.Sdk.Docs.Tests/Ambient/DocSnippetContext.cs";

    /// <summary>The flavor the docs use as their example of a custom flavor, compiled by the core's tests.</summary>
    public const string LinearFlavorPath = "tests/ModelOps.Sdk.Tests/Scoring/LinearFlavor.cs";

    private static readonly Lazy<DocSnippetCompiler> LazyShared = new(() => new DocSnippetCompiler());

    private readonly CSharpParseOptions _parseOptions = new(LanguageVersion.Latest);
    private readonly CSharpCompilation _ambient;

    private DocSnippetCompiler()
    {
        var references = ReferenceAssemblies();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var withReferences = CSharpCompilation.Create("DocSnippets", options: options, references: references);
        var trees = new List<SyntaxTree>
        {
            Parse(ReadAmbient(), AmbientPath),
            Parse(File.ReadAllText(Path.Combine(DocFileSet.RepositoryRoot, LinearFlavorPath)), LinearFlavorPath),
            Parse(GlobalUsingsOfTheSdk(withReferences), "(global usings of every public ModelOps.Sdk namespace)"),
        };
        _ambient = withReferences.AddSyntaxTrees(trees);
    }

    /// <summary>The one instance the tests share.</summary>
    public static DocSnippetCompiler Shared => LazyShared.Value;

    /// <summary>The errors of the ambient context compiled alone.</summary>
    public IReadOnlyList<string> AmbientErrors() => Errors(_ambient.GetDiagnostics());

    /// <summary>
    /// Compiles every <see cref="SnippetKind.Code"/> and <see cref="SnippetKind.Signature"/> snippet of one file in one compilation,
    /// and returns the errors as <c>file(line,column): error CSxxxx: message</c>, mapped to the doc file's lines.
    /// </summary>
    public IReadOnlyList<string> Compile(IReadOnlyList<DocSnippet> snippets)
    {
        ArgumentNullException.ThrowIfNull(snippets);
        var trees = new List<SyntaxTree>();
        var signatures = new List<(DocSnippet Snippet, string Namespace)>();
        for (var i = 0; i < snippets.Count; i++)
        {
            var snippet = snippets[i];
            if (snippet.Kind == SnippetKind.Code)
            {
                trees.Add(Parse(WrapCode(snippet, i), snippet.DocPath));
            }
            else if (snippet.Kind == SnippetKind.Signature)
            {
                var ns = $"DocSignatures.Block{i}";
                trees.Add(Parse(WrapSignature(snippet, ns), snippet.DocPath));
                signatures.Add((snippet, ns));
            }
        }

        if (trees.Count == 0)
        {
            return [];
        }

        var compilation = WithoutAmbientTypesTheDocDeclares(trees).AddSyntaxTrees(trees);
        var errors = Errors(compilation.GetDiagnostics()).ToList();
        foreach (var (snippet, ns) in signatures)
        {
            errors.AddRange(SignatureChecker.Check(compilation, snippet, ns));
        }

        return errors;
    }

    private CSharpCompilation WithoutAmbientTypesTheDocDeclares(List<SyntaxTree> docTrees)
    {
        // A doc that declares its own CreditDecision means its own: the ambient one is dropped for that doc, and the ambient
        // fields of that type then bind to the doc's declaration (the global namespace is searched after Contoso.ModelOps).
        var declared = docTrees
            .SelectMany(t => t.GetCompilationUnitRoot().Members.OfType<BaseTypeDeclarationSyntax>())
            .Select(t => t.Identifier.ValueText)
            .ToHashSet(StringComparer.Ordinal);
        var ambient = _ambient.SyntaxTrees[0];
        var replaced = ambient.GetCompilationUnitRoot().DescendantNodes()
            .OfType<BaseTypeDeclarationSyntax>()
            .Where(t => t.Parent is BaseNamespaceDeclarationSyntax && declared.Contains(t.Identifier.ValueText))
            .ToList();
        if (replaced.Count == 0)
        {
            return _ambient;
        }

        var root = ambient.GetCompilationUnitRoot().RemoveNodes(replaced, SyntaxRemoveOptions.KeepNoTrivia)!;
        return _ambient.ReplaceSyntaxTree(ambient, ambient.WithRootAndOptions(root, ambient.Options));
    }

    private static List<MetadataReference> ReferenceAssemblies()
    {
        // Every assembly the test process may load: the shared framework, the src projects this project references and their
        // packages. The test assembly itself is left out, so nothing here leaks into the snippets.
        var self = typeof(DocSnippetCompiler).Assembly.Location;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return [.. paths
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !string.Equals(p, self, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static string ReadAmbient()
    {
        using var stream = typeof(DocSnippetCompiler).Assembly.GetManifestResourceStream("Ambient/DocSnippetContext.cs")
            ?? throw new InvalidOperationException("The embedded resource Ambient/DocSnippetContext.cs is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string GlobalUsingsOfTheSdk(CSharpCompilation compilation)
    {
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        var root = compilation.GlobalNamespace.GetNamespaceMembers().FirstOrDefault(n => n.Name == "ModelOps")
            ?? throw new InvalidOperationException("No ModelOps namespace among the references: are the src projects referenced?");
        Collect(root, namespaces);
        return string.Concat(namespaces.Select(n => $"global using {n};\n"));

        static void Collect(INamespaceSymbol ns, SortedSet<string> into)
        {
            if (ns.GetTypeMembers().Any(t => t.DeclaredAccessibility == Accessibility.Public && IsSdkAssembly(t.ContainingAssembly)))
            {
                into.Add(ns.ToDisplayString());
            }

            foreach (var child in ns.GetNamespaceMembers())
            {
                Collect(child, into);
            }
        }

        static bool IsSdkAssembly(IAssemblySymbol? assembly) =>
            assembly is not null
            && assembly.Name.StartsWith("ModelOps.Sdk", StringComparison.Ordinal)
            && !assembly.Name.EndsWith(".Tests", StringComparison.Ordinal)
            && assembly.Name != "ModelOps.Sdk.Cli";
    }

    private string WrapCode(DocSnippet snippet, int index)
    {
        // A block is read as a C# file with top-level statements: using directives first, then statements, then types. The
        // statements become the body of an async method of a class that derives from the ambient context, so the variables the
        // prose talks about (registry, services, ...) are in scope; the usings and types stay at file level. #line maps every
        // diagnostic back to the doc file's own lines.
        var block = snippet.Block;
        var unit = SyntaxFactory.ParseCompilationUnit(block.Code, options: _parseOptions);
        var statements = unit.Members.OfType<GlobalStatementSyntax>().ToList();
        var lines = block.Code.Split('\n');
        var path = snippet.DocPath;
        var text = new StringBuilder();
        if (statements.Count == 0)
        {
            AppendLines(text, lines, 0, lines.Length, block.FirstCodeLine, path);
            return text.ToString();
        }

        var first = unit.SyntaxTree.GetLineSpan(statements[0].Span).StartLinePosition.Line;
        var last = unit.SyntaxTree.GetLineSpan(statements[^1].Span).EndLinePosition.Line;
        AppendLines(text, lines, 0, first, block.FirstCodeLine, path);
        text.Append(CultureInfo.InvariantCulture, $"#line hidden\ninternal sealed class DocSnippet{index} : Contoso.ModelOps.DocSnippetContext\n{{\n    public async System.Threading.Tasks.Task RunAsync()\n    {{\n");
        AppendLines(text, lines, first, last + 1, block.FirstCodeLine, path);
        text.Append("#line hidden\n    }\n}\n");
        AppendLines(text, lines, last + 1, lines.Length, block.FirstCodeLine, path);
        return text.ToString();
    }

    private static string WrapSignature(DocSnippet snippet, string ns)
    {
        var text = new StringBuilder($"namespace {ns}\n{{\n");
        var lines = snippet.Block.Code.Split('\n');
        AppendLines(text, lines, 0, lines.Length, snippet.Block.FirstCodeLine, snippet.DocPath);
        text.Append("#line hidden\n}\n");
        return text.ToString();
    }

    private static void AppendLines(StringBuilder text, string[] lines, int from, int to, int firstCodeLine, string path)
    {
        if (from >= to)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"#line {firstCodeLine + from} \"{path}\"\n");
        for (var i = from; i < to; i++)
        {
            text.Append(lines[i]).Append('\n');
        }
    }

    private SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, _parseOptions, path, Encoding.UTF8);

    private static List<string> Errors(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format)];

    /// <summary>Formats a diagnostic as <c>file(line,column): error CSxxxx: message</c>, at its mapped (doc file) location.</summary>
    public static string Format(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var span = diagnostic.Location.GetMappedLineSpan();
        var where = span.IsValid
            ? string.Create(CultureInfo.InvariantCulture, $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})")
            : "(no location)";
        return string.Create(CultureInfo.InvariantCulture, $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
    }
}
