using ModelOps.Sdk.Docs.Tests.Compilation;
using ModelOps.Sdk.Docs.Tests.Markdown;

namespace ModelOps.Sdk.Docs.Tests;

/// <summary>The compiler catches what it is there to catch, and names the doc file, line and diagnostic.</summary>
public sealed class DocSnippetCompilerTests
{
    private static IReadOnlyList<string> CompileMarkdown(string markdown) =>
        DocSnippetCompiler.Shared.Compile(
            [.. MarkdownCodeBlockReader.Read(markdown).Where(b => b.IsCSharp).Select(b => DocSnippet.From("docs/example.md", b))]);

    [Fact]
    public void Compile_SnippetUsingAmbientVariables_HasNoErrors()
    {
        var errors = CompileMarkdown("""
            Some prose.

            ```csharp
            var version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = Stream.Null });
            await registry.SetAliasAsync("credit", "champion", version.Version, reason: "first");
            ```
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void Compile_RenamedApi_FailsWithDocFileLineAndCompilerDiagnostic()
    {
        var errors = CompileMarkdown("""
            # Title

            ```csharp
            var services = new ServiceCollection();
            await registry.RegisterModelAsync("credit");
            ```
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("docs/example.md(5,16): error CS1061:", error, StringComparison.Ordinal);
        Assert.Contains("RegisterModelAsync", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_DeclarationsAfterStatements_CompileAsTypes()
    {
        var errors = CompileMarkdown("""
            ```csharp
            services.AddModelOps().AddOperationGuard<NoOpGuard>();

            sealed class NoOpGuard : IRegistryOperationGuard
            {
                public ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            ```
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void Compile_ErrorInADeclarationBlock_IsReportedAtItsDocLine()
    {
        var errors = CompileMarkdown("""
            ```json
            { "not": "compiled" }
            ```

            ```csharp
            public sealed class Broken : IModelFlavor
            {
            }
            ```
            """);

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("docs/example.md(6,", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_SignatureListingWithARenamedMember_FailsNamingTheMember()
    {
        var errors = CompileMarkdown("""
            ```csharp signature
            public interface IArtifactStore
            {
                ValueTask<IArtifactUpload> BeginUploadAsync(CancellationToken cancellationToken = default);
                ValueTask<Stream?> OpenAsync(string sha256, CancellationToken cancellationToken = default);
                ValueTask<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default);
            }
            ```
            """);

        Assert.Contains(errors, e => e.StartsWith("docs/example.md(5,", StringComparison.Ordinal) && e.Contains("DOC0002", StringComparison.Ordinal) && e.Contains("OpenAsync", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DOC0003", StringComparison.Ordinal) && e.Contains("OpenReadAsync", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_IgnoredBlock_IsNotCompiled()
    {
        var errors = CompileMarkdown("""
            ```csharp ignore: shows a compile error on purpose
            this does not compile;
            ```
            """);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("csharp ignore:")]
    [InlineData("csharp ignore:   ")]
    [InlineData("csharp skip")]
    public void From_UnknownMarkerOrIgnoreWithoutReason_ThrowsNamingTheLine(string fence)
    {
        var block = MarkdownCodeBlockReader.Read($"text\n```{fence}\nvar x = 1;\n```\n").Single();

        var error = Assert.Throws<InvalidOperationException>(() => DocSnippet.From("docs/example.md", block));

        Assert.StartsWith("docs/example.md(2):", error.Message, StringComparison.Ordinal);
    }
}
