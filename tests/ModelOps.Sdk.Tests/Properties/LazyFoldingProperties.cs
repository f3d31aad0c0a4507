using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Tests.Registry;

namespace ModelOps.Sdk.Tests.Properties;

/// <summary>
/// A registry that folds models lazily (its store reads one scope: <see cref="IJournalScopeReader"/>) answers exactly as one that folds
/// the whole journal, for any history written by another instance, whichever models it touched in the middle of that history and
/// whichever it never touched.
/// </summary>
public sealed class LazyFoldingProperties
{
    private static readonly string[] Models = ["churn", "credit", "fraud"];

    [Property(MaxTest = 60, Arbitrary = [typeof(HistoryArbitrary)])]
    public async Task LazyRegistry_AnyHistory_AnswersAsAnEagerRegistry(HistoryStep[] history)
    {
        var store = new InMemoryMetadataStore();
        await using var writer = RegistryHost.Create(store);
        await using var lazy = writer.CreatePeer();

        foreach (var step in history)
        {
            await RunAsync(writer.Registry, lazy.Registry, step);
        }

        // An eager registry over the same journal, through a view without the scope reader.
        await using var eager = RegistryHost.Create(new JournalOnlyView(store), writer.Artifacts, writer.Time);
        await lazy.Registry.RefreshAsync();
        Assert.Equal(await DescribeAsync(eager.Registry), await DescribeAsync(lazy.Registry));
    }

    private static async Task RunAsync(IModelRegistry writer, IModelRegistry reader, HistoryStep step)
    {
        var model = Models[step.Model];
        try
        {
            switch (step.Kind)
            {
                case StepKind.Register:
                    await writer.RegisterAsync(RegistryHost.Registration(model));
                    break;
                case StepKind.SetAlias:
                    await writer.SetAliasAsync(model, "champion", step.Version);
                    break;
                case StepKind.DeleteAlias:
                    await writer.DeleteAliasAsync(model, "champion");
                    break;
                case StepKind.Tag:
                    await writer.UpdateTagsAsync(model, step.Version, new Dictionary<string, string?> { ["stage"] = step.Version % 2 == 0 ? "prod" : null });
                    break;
                case StepKind.Archive:
                    await writer.TransitionAsync(model, step.Version, ModelVersionStatus.Archived);
                    break;
                case StepKind.ReaderUsesModel:
                    await reader.RefreshAsync();
                    await reader.ListVersionsAsync(model);
                    break;
                case StepKind.ReaderListsModels:
                    await reader.RefreshAsync();
                    await reader.ListModelsAsync();
                    break;
            }
        }
        catch (ModelOpsException)
        {
            // A step the current state refuses (no such version, no alias to delete): both registries see the same refusal-free journal.
        }
    }

    /// <summary>Everything a reader can ask, as text: equal descriptions mean equal answers.</summary>
    private static async Task<List<string>> DescribeAsync(IModelRegistry registry)
    {
        var lines = new List<string>();
        foreach (var m in await registry.ListModelsAsync())
        {
            lines.Add($"model {m.Name} latest {m.LatestVersion} created {m.CreatedAt:O} updated {m.UpdatedAt:O} aliases {string.Join(",", m.Aliases.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"))}");
        }

        foreach (var model in Models)
        {
            try
            {
                var page = await registry.ListVersionsAsync(model, pageSize: 1000);
                lines.AddRange(page.Items.Select(Describe));
                lines.AddRange((await registry.ListAliasesAsync(model)).Select(a => $"alias {a.ModelName}/{a.Alias}={a.Version} at {a.Sequence}"));
                lines.AddRange((await registry.GetAliasHistoryAsync(model, "champion")).Select(c => $"history {c.ModelName} {c.Kind} {c.PreviousVersion}->{c.Version} at {c.Sequence}"));
            }
            catch (ModelNotFoundException)
            {
                lines.Add($"no model {model}");
            }
        }

        lines.AddRange((await registry.FindByTagAsync("stage")).Select(v => "tagged " + Describe(v)));
        return lines;
    }

    private static string Describe(ModelVersion v) =>
        $"version {v.ModelName}/{v.Version} {v.Status} seq {v.Sequence} at {v.RegisteredAt:O} tags {string.Join(",", v.Tags.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"))}";

    public enum StepKind
    {
        Register,
        SetAlias,
        DeleteAlias,
        Tag,
        Archive,
        ReaderUsesModel,
        ReaderListsModels,
    }

    public sealed record HistoryStep(StepKind Kind, int Model, int Version)
    {
        public override string ToString() => $"{Kind}({Models[Model]}, {Version})";
    }

    public static class HistoryArbitrary
    {
        public static Arbitrary<HistoryStep[]> Steps()
        {
            var step =
                from kind in Gen.Frequency(
                    (5, Gen.Constant(StepKind.Register)),
                    (3, Gen.Constant(StepKind.SetAlias)),
                    (1, Gen.Constant(StepKind.DeleteAlias)),
                    (2, Gen.Constant(StepKind.Tag)),
                    (1, Gen.Constant(StepKind.Archive)),
                    (2, Gen.Constant(StepKind.ReaderUsesModel)),
                    (1, Gen.Constant(StepKind.ReaderListsModels)))
                from model in Gen.Choose(0, Models.Length - 1)
                from version in Gen.Choose(1, 4)
                select new HistoryStep(kind, model, version);
            var steps = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(step, n));
            return Arb.From(steps, Shrink);
        }

        private static IEnumerable<HistoryStep[]> Shrink(HistoryStep[] steps)
        {
            for (var i = steps.Length - 1; i >= 0; i--)
            {
                yield return [.. steps[..i], .. steps[(i + 1)..]];
            }
        }
    }

    /// <summary>The journal only, without <see cref="IJournalScopeReader"/>: a registry over it folds every scope as it reads.</summary>
    private sealed class JournalOnlyView(IModelMetadataStore store) : IModelMetadataStore
    {
        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => store.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) => store.ReadAsync(afterSequence, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) => store.ReadScopeAsync(scope, cancellationToken);

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            store.AppendAsync(scope, expectedLength, entries, cancellationToken);
    }
}
