using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.Storage.FileSystem;

public sealed class JournalIndexPropertyTests
{
    private static readonly string[] Scopes = ["a", "b", "c", "d"];

    /// <summary>
    /// For random appends (scope, batch size) across scopes, an index file written after the first <c>indexedAppends</c> of them
    /// and left stale while the rest are appended gives exactly the reads of a full parse of the journal: every scope, and the
    /// global tail from every sequence.
    /// </summary>
    [Property(MaxTest = 25)]
    public async Task Reads_ThroughAPossiblyStaleIndex_EqualAFullParse(NonEmptyArray<(byte Scope, byte Batch)> appends, byte split)
    {
        using var directory = new TemporaryDirectory();
        (string Scope, int Batch)[] plan = [.. appends.Get.Select(a => (Scopes[a.Scope % Scopes.Length], 1 + (a.Batch % 3)))];
        int indexedAppends = split % (plan.Length + 1);
        var neverIndex = new FileSystemStorageOptions { RootPath = directory.Path, JournalIndexInterval = 1_000_000 };

        using (var writer = new FileSystemMetadataStore(neverIndex))
        {
            await AppendAsync(writer, plan[..indexedAppends]);
        }

        using (var indexer = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = directory.Path, JournalIndexInterval = 1 }))
        {
            await indexer.GetLastSequenceAsync(); // parses the journal and writes the index; disposing waits for the write
        }

        using (var writer = new FileSystemMetadataStore(neverIndex))
        {
            await AppendAsync(writer, plan[indexedAppends..]); // the index stays where it was
        }

        using var throughIndex = new FileSystemMetadataStore(neverIndex);
        using var copy = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(copy.Path, "journal"));
        File.Copy(Path.Combine(directory.Path, "format.json"), Path.Combine(copy.Path, "format.json"));
        File.Copy(directory.JournalFile, copy.JournalFile);
        using var fullParse = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = copy.Path, JournalIndexInterval = 1_000_000 });

        long last = await fullParse.GetLastSequenceAsync();
        Assert.Equal(last, await throughIndex.GetLastSequenceAsync());
        foreach (string scope in Scopes)
        {
            Assert.Equal(await fullParse.ReadScopeAsync(scope).ToListAsync(), await throughIndex.ReadScopeAsync(scope).ToListAsync());
            Assert.Equal(await fullParse.ReadScopeFromAsync(scope, 1).ToListAsync(), await throughIndex.ReadScopeFromAsync(scope, 1).ToListAsync());
        }

        for (long after = 0; after <= last; after += 3)
        {
            Assert.Equal(await fullParse.ReadAsync(after).ToListAsync(), await throughIndex.ReadAsync(after).ToListAsync());
        }
    }

    private static async Task AppendAsync(FileSystemMetadataStore store, (string Scope, int Batch)[] plan)
    {
        foreach ((string scope, int batch) in plan)
        {
            long length = (await store.ReadScopeAsync(scope).ToListAsync()).Count;
            Assert.True((await store.AppendAsync(scope, length, TestEntries.Range(scope, length, batch))).IsCommitted);
        }
    }
}
