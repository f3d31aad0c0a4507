using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.S3.Tests.Infrastructure;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>
/// An artifact its flavor refuses at registration leaves nothing in the bucket: the bytes are inspected while still staged (a single
/// part held back, or an open multipart upload) and the staging is discarded, neither published nor left as an incomplete upload.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3RefusedArtifactTests(S3ServerFixture server) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("refused");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Register_RuleSetWithATypeError_LeavesNoObjectAndNoUpload()
    {
        const string broken = """
            {
              "formatVersion": 1, "name": "credit-decision", "hitPolicy": "FIRST",
              "inputs": [ { "name": "income", "type": "number" } ],
              "outputs": [ { "name": "decision", "type": "string" } ],
              "rules": [ { "id": "r7", "when": { "income": { "op": ">", "value": "high" } }, "then": { "decision": "APPROVE" } } ]
            }
            """;

        await AssertRefusedAndNothingStoredAsync(Encoding.UTF8.GetBytes(broken));
    }

    [Fact]
    public async Task Register_LargeArtifactThatIsNotARuleSet_LeavesNoObjectAndNoMultipartUpload()
    {
        // Three parts: the upload is a multipart upload to a staging key by the time the flavor refuses the content.
        var garbage = ScriptedStream.RandomBytes((12 * MiB) + 7, seed: 14);

        await AssertRefusedAndNothingStoredAsync(garbage);
    }

    private async Task AssertRefusedAndNothingStoredAsync(byte[] content)
    {
        await using var bed = new S3TestBed(server, _bucket);
        var store = bed.Store(new CountingHttpClientFactory());
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UseArtifactStore(_ => store).AddRules();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();

        var refused = await Assert.ThrowsAsync<InvalidModelArtifactException>(() => registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit-rules",
            Flavor = RulesFlavor.FlavorName,
            Artifact = new ScriptedStream(content),
            ExtraFiles = new Dictionary<string, Stream> { ["notes.txt"] = new MemoryStream(Encoding.UTF8.GetBytes("travels with the rules")) },
        }));

        Assert.Equal(RulesFlavor.FlavorName, refused.Flavor);
        Assert.Empty(await registry.ListModelsAsync());
        Assert.Empty(await bed.ObjectKeysAsync());
        Assert.Empty(await bed.MultipartUploadKeysAsync());
    }
}
