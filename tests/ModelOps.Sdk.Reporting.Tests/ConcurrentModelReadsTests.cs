using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;

namespace ModelOps.Sdk.Reporting.Tests;

/// <summary>
/// <see cref="ReportingOptions.MaxConcurrentModelReads"/>: models read side by side are still written in name order, with the same
/// bytes as reading one at a time, and a read that fails fails the report with its own exception.
/// </summary>
public sealed class ConcurrentModelReadsTests(ReportRegistry registry) : IClassFixture<ReportRegistry>
{
    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task WriteHtmlAsync_ModelsReadAtOnce_WritesTheSameBytesAsOneAtATime(int concurrentReads)
    {
        var oneAtATime = await ReportAsync(1);

        var atOnce = await ReportAsync(concurrentReads);

        Assert.Equal(oneAtATime.Length, atOnce.Length);
        Assert.True(oneAtATime.AsSpan().SequenceEqual(atOnce), "The report read with several models at once differs from the one read model by model.");
    }

    [Fact]
    public async Task ReadOverviewAsync_ModelsReadAtOnce_SummariesInNameOrder()
    {
        var overview = await Generator(registry.Registry, registry.Time, 8).ReadOverviewAsync(ReportScope.All);

        Assert.Equal(["churn", "credit", "fraud", "pricing"], overview.Models.Select(m => m.Name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Constructor_ConcurrencyOutOfRange_ThrowsNamingTheOption(int concurrentReads)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Generator(registry.Registry, registry.Time, concurrentReads));

        Assert.Contains($"MaxConcurrentModelReads must be between 1 and 64, not {concurrentReads}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteHtmlAsync_OneModelsDocumentTamperedWhileOthersAreRead_FailsWithTheIntegrityError()
    {
        var root = Path.Combine(Path.GetTempPath(), "modelops-report-reads-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(root);
        await using var provider = services.BuildServiceProvider();
        try
        {
            var store = provider.GetRequiredService<IModelRegistry>();
            ModelDocument? tampered = null;
            foreach (var name in new[] { "a", "b", "c", "d", "e", "f" })
            {
                await store.RegisterAsync(new ModelVersionRegistration { ModelName = name, Flavor = "custom", Artifact = new MemoryStream([1, 2, 3]) });
                await store.SetAliasAsync(name, "champion", 1);
                if (name == "c")
                {
                    tampered = await store.AttachDocumentAsync(new DocumentAttachment
                    {
                        ModelName = name,
                        Version = 1,
                        Kind = DocumentKinds.MonitoringReport,
                        Name = "window-1",
                        MediaType = "application/json",
                        Content = "{}"u8.ToArray(),
                    });
                }
            }

            // Same length, other bytes: the stored content no longer matches the hash in the journal.
            var blob = Directory.GetFiles(root, tampered!.Sha256, SearchOption.AllDirectories).Single();
            await File.WriteAllBytesAsync(blob, "[]"u8.ToArray());

            using var html = new MemoryStream();
            await Assert.ThrowsAsync<ArtifactIntegrityException>(() => Generator(store, new FakeTimeProvider(), 4).WriteHtmlAsync(html, ReportScope.All));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private async Task<byte[]> ReportAsync(int concurrentReads)
    {
        using var html = new MemoryStream();
        await Generator(registry.Registry, registry.Time, concurrentReads).WriteHtmlAsync(html, ReportScope.All);
        return html.ToArray();
    }

    private static ModelOpsReportGenerator Generator(IModelRegistry store, TimeProvider time, int concurrentReads) =>
        new(store, Options.Create(new ReportingOptions { MaxConcurrentModelReads = concurrentReads }), time);
}
