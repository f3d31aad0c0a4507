using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Tests.Registry;

public sealed class RegistrySmokeTests
{
    [Fact]
    public async Task Lifecycle_RegisterAliasRollbackAudit_EndToEnd()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory();
        await using var sp = services.BuildServiceProvider();
        var registry = sp.GetRequiredService<IModelRegistry>();
        for (var i = 0; i < 3; i++)
        {
            var v = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([1, 2, (byte)i]) });
            Assert.Equal(i + 1, v.Version);
            await registry.SetAliasAsync("credit", "champion", v.Version);
        }

        Assert.Equal(3, (await registry.ResolveAliasAsync("credit", "champion")).Version);
        Assert.Equal(2, (await registry.RollbackAliasAsync("credit", "champion", "bad")).Version);
        Assert.Equal(1, (await registry.RollbackAliasAsync("credit", "champion", "worse")).Version);
        await Assert.ThrowsAsync<RollbackUnavailableException>(() => registry.RollbackAliasAsync("credit", "champion", "again"));
        await using var s = await registry.OpenArtifactAsync("credit", 2);
        var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        Assert.Equal(new byte[] { 1, 2, 1 }, ms.ToArray());
        var result = await registry.VerifyAuditLogAsync("credit");
        Assert.True(result.IsValid, string.Join("; ", result.Violations.Select(v => v.Message)));
        Assert.Equal(8, result.EntryCount);
        var log = await registry.ReadAuditLogAsync("credit");
        Assert.Equal("alias.rolled-back", log[^1].Operation);
        Assert.Equal("worse", log[^1].Reason);
        var doc = await registry.AttachDocumentAsync(new DocumentAttachment { ModelName = "credit", Version = 1, Kind = "card", Name = "main", Content = "{}"u8.ToArray() });
        Assert.Equal(1, doc.Revision);
        Assert.Equal("{}"u8.ToArray(), (await registry.ReadDocumentAsync(doc)).ToArray());
        var anchor = await registry.ExportAuditAnchorAsync("credit");
        Assert.True((await registry.VerifyAuditLogAsync("credit", anchor)).IsValid);
    }
}
