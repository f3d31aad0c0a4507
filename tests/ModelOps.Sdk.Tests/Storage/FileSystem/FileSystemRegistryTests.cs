using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

/// <summary>The registry core on top of the filesystem stores: what it writes must read back exactly, in another instance too.</summary>
public sealed class FileSystemRegistryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Registry_OnFileSystem_ReopenedInstanceSeesVersionsAliasesArtifactsAndAValidAuditChain()
    {
        await using (ServiceProvider writer = BuildProvider())
        {
            var registry = writer.GetRequiredService<IModelRegistry>();
            for (int i = 0; i < 3; i++)
            {
                ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration
                {
                    ModelName = "credit",
                    Flavor = "onnx",
                    Artifact = new MemoryStream([1, 2, (byte)i]),
                    Description = "line one\nline two, ünïcødé 😀",
                });
                await registry.SetAliasAsync("credit", "champion", version.Version);
            }

            await registry.RollbackAliasAsync("credit", "champion", "regression");
        }

        await using ServiceProvider reader = BuildProvider();
        var reopened = reader.GetRequiredService<IModelRegistry>();

        Assert.Equal(2, (await reopened.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Equal("line one\nline two, ünïcødé 😀", (await reopened.GetVersionAsync("credit", 3)).Description);
        await using Stream artifact = await reopened.OpenArtifactAsync("credit", 3);
        using var copy = new MemoryStream();
        await artifact.CopyToAsync(copy);
        Assert.Equal(new byte[] { 1, 2, 2 }, copy.ToArray());
        var verification = await reopened.VerifyAuditLogAsync("credit");
        Assert.True(verification.IsValid, string.Join("; ", verification.Violations.Select(v => v.Message)));
    }

    private ServiceProvider BuildProvider()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_directory.Path);
        return services.BuildServiceProvider();
    }
}
