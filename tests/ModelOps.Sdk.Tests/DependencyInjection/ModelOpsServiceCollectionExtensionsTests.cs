using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Audit;

namespace ModelOps.Sdk.Tests.DependencyInjection;

public sealed class ModelOpsServiceCollectionExtensionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string ValidKey = Convert.ToBase64String(new byte[32]);

    public static TheoryData<string, Action<ModelOpsOptions>> InvalidOptions { get; } = new()
    {
        { "AuditSigningKey", o => o.AuditSigningKey = "this is not base64!" },
        { "AuditSigningKey", o => o.AuditSigningKey = Convert.ToBase64String(new byte[16]) },
        { "ChangePollInterval", o => o.ChangePollInterval = TimeSpan.Zero },
        { "ChangePollInterval", o => o.ChangePollInterval = TimeSpan.FromSeconds(-1) },
        { "ChangePollInterval", o => o.ChangePollInterval = TimeSpan.FromHours(2) },
        { "MaxDocumentBytes", o => o.MaxDocumentBytes = 10 },
        { "AuditSigningKeyId", o => o.AuditSigningKeyId = "no spaces allowed" },
        { "ModelOps:InstanceId", o => o.InstanceId = "host.7" },
    };

    [Fact]
    public async Task AddModelOps_CalledTwice_RegistersOneRegistryAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddModelOps(o => o.MaxDocumentBytes = 4096).UseInMemory();
        services.AddModelOps(o => o.ChangePollInterval = TimeSpan.FromSeconds(7));

        Assert.Single(services, d => d.ServiceType == typeof(IModelRegistry));
        Assert.Single(services, d => d.ServiceType == typeof(TimeProvider));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.Same(provider.GetRequiredService<IModelRegistry>(), provider.GetRequiredService<IModelRegistry>());
        var options = provider.GetRequiredService<IOptions<ModelOpsOptions>>().Value;
        Assert.Equal((4096, TimeSpan.FromSeconds(7)), (options.MaxDocumentBytes, options.ChangePollInterval));
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task GetRequiredService_InvalidOptionsWithoutHost_ThrowsOptionsValidationExceptionNamingTheSetting(string setting, Action<ModelOpsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddModelOps(configure).UseInMemory();
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelRegistry>());

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(ModelOpsOptions), ex.OptionsType);
    }

    [Fact]
    public async Task GetRequiredService_AddModelOpsCalledTwiceWithInvalidOptions_ReportsEachProblemOnce()
    {
        var services = new ServiceCollection();
        services.AddModelOps(o => o.MaxDocumentBytes = 10).UseInMemory();
        services.AddModelOps();
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelRegistry>());

        Assert.Single(ex.Failures, f => f.Contains("MaxDocumentBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddModelOps_OptionsFromConfigurationSection_AreBoundAndUsed()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelOps:ChangePollInterval"] = "00:00:05",
                ["ModelOps:AuditSigningKey"] = ValidKey,
                ["ModelOps:AuditSigningKeyId"] = "key-2026",
                ["ModelOps:MaxDocumentBytes"] = "2048",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory();
        services.AddOptions<ModelOpsOptions>().Bind(configuration.GetSection(ModelOpsOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ModelOpsOptions>>().Value;
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([1]) });
        var tooLarge = await Assert.ThrowsAsync<InvalidRegistrationException>(() => registry.AttachDocumentAsync(
            new DocumentAttachment { ModelName = "credit", Kind = "card", Name = "main", Content = new byte[2049] }));

        Assert.Equal((TimeSpan.FromSeconds(5), ValidKey, "key-2026", 2048), (options.ChangePollInterval, options.AuditSigningKey, options.AuditSigningKeyId, options.MaxDocumentBytes));
        var entry = Assert.Single(await registry.ReadAuditLogAsync("credit"));
        Assert.Equal("key-2026", entry.KeyId);
        Assert.NotNull(entry.Signature);
        Assert.Equal("Content", tooLarge.Field);
    }

    [Fact]
    public async Task AddModelOps_InvalidValueInConfiguration_FailsOnFirstResolutionNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ModelOps:ChangePollInterval"] = "00:00:00" })
            .Build();
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory();
        services.AddOptions<ModelOpsOptions>().Bind(configuration.GetSection(ModelOpsOptions.SectionName));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelRegistry>());

        Assert.Contains("ChangePollInterval", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DisposingTheServiceProvider_EndsRunningWatchStreams(bool disposeAsynchronously)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory();
        var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([1]) });
        var received = new List<AliasChange>();
        var watching = WatchAsync(registry.WatchAliasAsync("credit", "champion"), received);
        await registry.SetAliasAsync("credit", "champion", 1);

        if (disposeAsynchronously)
        {
            await provider.DisposeAsync();
        }
        else
        {
            provider.Dispose();
        }

        await watching.WaitAsync(Timeout);
        Assert.Equal(1, Assert.Single(received).Version);
    }

    [Fact]
    public async Task UseAuditSigner_CustomSigner_TakesPrecedenceOverTheOptionsKey()
    {
        var services = new ServiceCollection();
        services.AddModelOps(o => o.AuditSigningKey = ValidKey).UseInMemory().UseAuditSigner(_ => new ReversingSigner());
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();

        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([1]) });

        var entry = Assert.Single(await registry.ReadAuditLogAsync("credit"));
        Assert.Equal("reversing", entry.KeyId);
        Assert.True((await registry.VerifyAuditLogAsync("credit")).IsValid);
    }

    private static async Task WatchAsync(IAsyncEnumerable<AliasChange> stream, List<AliasChange> received)
    {
        await foreach (var change in stream)
        {
            received.Add(change);
        }
    }

    /// <summary>A stand-in for a key-vault signer: deterministic, and verifiable only with its own key id.</summary>
    private sealed class ReversingSigner : IAuditSigner
    {
        public string KeyId => "reversing";

        public byte[] Sign(ReadOnlySpan<byte> entryHash)
        {
            var signature = entryHash.ToArray();
            Array.Reverse(signature);
            return signature;
        }

        public bool Verify(ReadOnlySpan<byte> entryHash, ReadOnlySpan<byte> signature, string keyId) =>
            keyId == KeyId && signature.SequenceEqual(Sign(entryHash));
    }
}
