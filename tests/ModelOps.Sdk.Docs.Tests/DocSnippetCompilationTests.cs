using ModelOps.Sdk.Docs.Tests.Compilation;
using ModelOps.Sdk.Docs.Tests.Markdown;

namespace ModelOps.Sdk.Docs.Tests;

/// <summary>The C# blocks of the docs compile against the real API, one test per doc file.</summary>
public sealed class DocSnippetCompilationTests
{
    public static TheoryData<string> DocFilesWithCSharp()
    {
        var data = new TheoryData<string>();
        foreach (var path in DocFileSet.Scanned().Where(p => DocFileSet.Read(p).CSharpBlocks.Any()))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DocFilesWithCSharp))]
    public void CSharpBlocks_CompileAgainstTheRealApi(string docFile)
    {
        var snippets = DocFileSet.Read(docFile).CSharpBlocks.Select(b => DocSnippet.From(docFile, b)).ToList();

        var errors = DocSnippetCompiler.Shared.Compile(snippets);

        Assert.True(errors.Count == 0, $"{errors.Count} compile error(s) in the C# blocks of {docFile}:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void AmbientContext_CompilesAlone()
    {
        var errors = DocSnippetCompiler.Shared.AmbientErrors();

        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }
}
