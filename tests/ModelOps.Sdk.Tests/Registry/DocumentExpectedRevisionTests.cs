using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>
/// <see cref="DocumentAttachment.ExpectedRevision"/>: a document is attached only over the revision its writer read, so writers
/// that decided on the same revision (the instances of a fleet) store one next revision between them.
/// </summary>
public sealed class DocumentExpectedRevisionTests : IDisposable
{
    private const string Model = "credit";
    private readonly TemporaryDirectory _root = new();
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromMinutes(2));

    public void Dispose()
    {
        _deadline.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task AttachDocumentAsync_ExpectedRevisionIsStale_ThrowsNamingBothRevisions_AndAttachesNothing()
    {
        await using var host = RegistryHost.Create();
        await host.Registry.RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);
        var first = await host.Registry.AttachDocumentAsync(Attachment("first", expected: 0), _deadline.Token);
        await host.Registry.AttachDocumentAsync(Attachment("second", expected: 1), _deadline.Token);

        var conflict = await Assert.ThrowsAsync<DocumentRevisionConflictException>(
            () => host.Registry.AttachDocumentAsync(Attachment("stale", expected: 1), _deadline.Token));

        Assert.Equal((Model, (int?)null, "experiment", "split", 1, 2),
            (conflict.ModelName, conflict.Version, conflict.Kind, conflict.Name, conflict.ExpectedRevision, conflict.ActualRevision));
        Assert.Equal(
            "Document 'experiment/split' of model 'credit' was expected at revision 1 but is at revision 2; nothing was attached.",
            conflict.Message);
        Assert.Equal(1, first.Revision);
        var documents = await host.Registry.ListDocumentsAsync(Model, kind: "experiment", cancellationToken: _deadline.Token);
        var texts = new List<string>();
        foreach (var document in documents)
        {
            texts.Add(System.Text.Encoding.UTF8.GetString((await host.Registry.ReadDocumentAsync(document, _deadline.Token)).Span));
        }

        Assert.Equal(["first", "second"], texts);
        Assert.True((await host.Registry.VerifyAuditLogAsync(Model, cancellationToken: _deadline.Token)).IsValid);
    }

    [Fact]
    public async Task AttachDocumentAsync_ExpectsNoRevisionButOneExists_Throws()
    {
        await using var host = RegistryHost.Create();
        await host.Registry.AttachDocumentAsync(new DocumentAttachment { Kind = "policy", Name = "default", Content = "{}"u8.ToArray() }, _deadline.Token);

        var conflict = await Assert.ThrowsAsync<DocumentRevisionConflictException>(() => host.Registry.AttachDocumentAsync(
            new DocumentAttachment { Kind = "policy", Name = "default", Content = "{}"u8.ToArray(), ExpectedRevision = 0 }, _deadline.Token));

        Assert.Equal((null, 0, 1), (conflict.ModelName, conflict.ExpectedRevision, conflict.ActualRevision));
        Assert.StartsWith("Document 'policy/default' of the registry was expected at no revision but is at revision 1", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachDocumentAsync_NegativeExpectedRevision_ThrowsInvalidRegistrationNamingTheField()
    {
        await using var host = RegistryHost.Create();
        await host.Registry.RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);

        var invalid = await Assert.ThrowsAsync<InvalidRegistrationException>(
            () => host.Registry.AttachDocumentAsync(Attachment("x", expected: -1), _deadline.Token));

        Assert.Equal("ExpectedRevision", invalid.Field);
        Assert.Empty(await host.Registry.ListDocumentsAsync(Model, cancellationToken: _deadline.Token));
    }

    [Fact]
    public async Task AttachDocumentAsync_FourInstancesExpectTheSameRevision_ExactlyOneAttaches()
    {
        const int instances = 4;
        var providers = Enumerable.Range(0, instances)
            .Select(_ => new ServiceCollection().AddModelOps(o => o.ChangePollInterval = TimeSpan.FromMinutes(5)).UseFileSystem(_root.Path).Services.BuildServiceProvider())
            .ToArray();
        try
        {
            var registries = providers.Select(p => p.GetRequiredService<IModelRegistry>()).ToArray();
            await registries[0].RegisterAsync(RegistryHost.Registration(Model), _deadline.Token);
            await registries[0].AttachDocumentAsync(Attachment("revision 1", expected: 0), _deadline.Token);
            for (var round = 1; round <= 5; round++)
            {
                var expected = round;
                var attempts = registries.Select((r, i) => Task.Run(() => r.AttachDocumentAsync(Attachment($"round {round} by {i}", expected), _deadline.Token))).ToArray();
                try
                {
                    await Task.WhenAll(attempts);
                }
                catch (DocumentRevisionConflictException)
                {
                }

                var won = Assert.Single(attempts, a => a.IsCompletedSuccessfully);
                Assert.Equal(round + 1, (await won).Revision);
                Assert.All(attempts.Where(a => a != won), a => Assert.Equal(round + 1,
                    Assert.IsType<DocumentRevisionConflictException>(a.Exception!.InnerException).ActualRevision));
            }

            var documents = await registries[3].ListDocumentsAsync(Model, kind: "experiment", cancellationToken: _deadline.Token);
            Assert.Equal(Enumerable.Range(1, 6), documents.Select(d => d.Revision));
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Any sequence of attachments, each expecting some revision (0 to 3) or none (a negative number), stores exactly those whose
    /// expectation held when they were made, numbered without a gap.
    /// </summary>
    [Property(MaxTest = 40)]
    public async Task AttachDocumentAsync_AnySequenceOfExpectations_StoresExactlyThoseThatHeld(int[] expectations)
    {
        await using var host = RegistryHost.Create();
        await host.Registry.RegisterAsync(RegistryHost.Registration(Model));
        var latest = 0;
        foreach (var expectation in expectations.Take(30))
        {
            int? expected = expectation < 0 ? null : expectation % 4;
            var holds = expected is null || expected == latest;
            try
            {
                var document = await host.Registry.AttachDocumentAsync(Attachment("x", expected));
                Assert.True(holds, $"attached over revision {latest} though it expected {expected}");
                latest++;
                Assert.Equal(latest, document.Revision);
            }
            catch (DocumentRevisionConflictException conflict)
            {
                Assert.False(holds, $"refused though it expected {expected}, the latest revision");
                Assert.Equal(latest, conflict.ActualRevision);
            }
        }

        var stored = await host.Registry.ListDocumentsAsync(Model, kind: "experiment");
        Assert.Equal(Enumerable.Range(1, latest), stored.Select(d => d.Revision));
    }

    private static DocumentAttachment Attachment(string text, int? expected) => new()
    {
        ModelName = Model,
        Kind = "experiment",
        Name = "split",
        Content = System.Text.Encoding.UTF8.GetBytes(text),
        Reason = text,
        ExpectedRevision = expected,
    };
}
