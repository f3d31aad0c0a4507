using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// A filesystem journal of many models written directly, not through a million registrations: one model's history written by the
/// real registry (in memory), then repeated under every model name, each chain re-hashed for its name, in one append per model.
/// Shared by the registry scale benchmarks.
/// </summary>
internal static class ScaleJournal
{
    private const string TemplateModel = "template-model";
    private static readonly Dictionary<(int Models, int VersionsPerModel), string> Written = [];
    private static readonly SemaphoreSlim WriteLock = new(1, 1);

    /// <summary>
    /// The root of a store holding a seeded journal of this size, written on first request and shared by every benchmark case of the
    /// process (with <c>--inProcess</c>, every case of the run), so a million-entry journal is written once. Cases that register
    /// append to it. Deleted when the process exits.
    /// </summary>
    public static async Task<string> GetOrWriteAsync(int models, int versionsPerModel)
    {
        await WriteLock.WaitAsync();
        try
        {
            if (!Written.TryGetValue((models, versionsPerModel), out var root))
            {
                root = Path.Combine(Path.GetTempPath(), $"modelops-bench-scale-{models}x{versionsPerModel}-" + Guid.NewGuid().ToString("N"));
                await WriteAsync(root, models, versionsPerModel);
                Written.Add((models, versionsPerModel), root);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
            }

            return root;
        }
        finally
        {
            WriteLock.Release();
        }
    }

    /// <summary>The name of model <paramref name="m"/> in a seeded journal.</summary>
    public static string ModelName(int m) => $"model-{m:D4}";

    /// <summary>
    /// Writes <paramref name="models"/> models of <paramref name="versionsPerModel"/> versions each (small artifacts, never stored),
    /// with the champion of each on its newest version, into a new filesystem store at <paramref name="root"/>.
    /// </summary>
    public static async Task WriteAsync(string root, int models, int versionsPerModel)
    {
        var template = await BuildTemplateAsync(versionsPerModel);
        using var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root });
        for (var m = 0; m < models; m++)
        {
            var scope = ModelName(m);
            if (!(await store.AppendAsync(scope, 0, Rechain(template, scope))).IsCommitted)
            {
                throw new InvalidOperationException($"Writing '{scope}' conflicted.");
            }
        }
    }

    /// <summary>
    /// One model's history of <paramref name="versionsPerModel"/> registrations and a champion on the newest, written by the real
    /// registry over the in-memory store: the template every seeded model copies.
    /// </summary>
    public static async Task<IReadOnlyList<JournalEntry>> BuildTemplateAsync(int versionsPerModel)
    {
        var template = new List<JournalEntry>();
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory();
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        for (var v = 0; v < versionsPerModel; v++)
        {
            await registry.RegisterAsync(new ModelVersionRegistration { ModelName = TemplateModel, Flavor = "onnx", Artifact = new MemoryStream([1, 2, 3, 4]) });
        }

        await registry.SetAliasAsync(TemplateModel, "champion", versionsPerModel, reason: "seed");
        await foreach (var entry in provider.GetRequiredService<IModelMetadataStore>().ReadScopeAsync(TemplateModel))
        {
            template.Add(entry);
        }

        return template;
    }

    /// <summary>
    /// The template's entries under the name <paramref name="scope"/>: payloads renamed and the chain re-hashed for the new scope, as
    /// the registry would have written them; sequences are left to the store (0).
    /// </summary>
    public static JournalEntry[] Rechain(IReadOnlyList<JournalEntry> template, string scope)
    {
        var entries = new JournalEntry[template.Count];
        var previousHash = template[0].PreviousHash;
        for (var i = 0; i < entries.Length; i++)
        {
            var payload = template[i].Payload.Replace(TemplateModel, scope, StringComparison.Ordinal);
            var hash = AuditChain.ComputeHash(scope, i, template[i].Timestamp, template[i].Kind, payload, previousHash);
            entries[i] = template[i] with { Scope = scope, Payload = payload, PreviousHash = previousHash, Hash = hash, Sequence = 0 };
            previousHash = hash;
        }

        return entries;
    }
}
