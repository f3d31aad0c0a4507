using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Registering an artifact on the filesystem store against the floor of what any registry must do with it: hash it and copy it.
/// Target: at 100 MB, <see cref="Register"/> reaches at least 70% of <see cref="HashAndCopy"/>'s throughput.
/// </summary>
[MemoryDiagnoser]
public class RegisterArtifactBenchmarks
{
    private string _root = string.Empty;
    private string _sourcePath = string.Empty;
    private string _copiesPath = string.Empty;
    private ServiceProvider? _services;
    private IModelRegistry? _registry;
    private long _invocation;

    /// <summary>Gets or sets the artifact's size in bytes.</summary>
    [Params(1024 * 1024, 100 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _root = Path.Combine(Path.GetTempPath(), "modelops-bench-register-" + Guid.NewGuid().ToString("N"));
        _copiesPath = Path.Combine(_root, "copies");
        Directory.CreateDirectory(_copiesPath);

        // Incompressible content; the seed only keeps runs comparable.
        var content = new byte[Size];
        new Random(20260101).NextBytes(content);
        _sourcePath = Path.Combine(_root, "artifact.bin");
        File.WriteAllBytes(_sourcePath, content);

        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(Path.Combine(_root, "registry"));
        _services = services.BuildServiceProvider();
        _registry = _services.GetRequiredService<IModelRegistry>();
    }

    /// <summary>
    /// Identical bytes are stored once, so registering the same file again would skip the copy. Stamping the first 8 bytes with a
    /// counter makes every invocation's artifact new, for the registry and the baseline alike.
    /// </summary>
    [IterationSetup]
    public void MakeArtifactUnique()
    {
        Span<byte> stamp = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(stamp, ++_invocation);
        using var file = new FileStream(_sourcePath, FileMode.Open, FileAccess.Write, FileShare.Read);
        file.Write(stamp);
    }

    [IterationCleanup]
    public void DeleteCopies()
    {
        foreach (var copy in Directory.EnumerateFiles(_copiesPath))
        {
            File.Delete(copy);
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>SHA-256 over the file, then <see cref="File.Copy(string, string)"/> to a new path.</summary>
    [Benchmark(Baseline = true)]
    public async Task<byte[]> HashAndCopy()
    {
        byte[] hash;
        await using (var source = new FileStream(_sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true))
        {
            hash = await SHA256.HashDataAsync(source);
        }

        File.Copy(_sourcePath, Path.Combine(_copiesPath, _invocation.ToString(CultureInfo.InvariantCulture)));
        return hash;
    }

    /// <summary>
    /// SHA-256 over the file, then a stream copy (through user space, as any store fed from a <see cref="Stream"/> must) flushed to
    /// the disk, as a durable store must.
    /// </summary>
    [Benchmark]
    public async Task<byte[]> HashAndCopyFlushed()
    {
        byte[] hash;
        await using (var source = new FileStream(_sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true))
        {
            hash = await SHA256.HashDataAsync(source);
        }

        var destinationPath = Path.Combine(_copiesPath, _invocation.ToString(CultureInfo.InvariantCulture));
        await using (var source = new FileStream(_sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true))
        await using (var destination = new FileStream(destinationPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true))
        {
            await source.CopyToAsync(destination);
            destination.Flush(flushToDisk: true);
        }

        return hash;
    }

    /// <summary>Registers the file as a new version: streamed into content-addressed storage while hashed, then journaled.</summary>
    [Benchmark]
    public async Task<ModelVersion> Register()
    {
        await using var artifact = File.OpenRead(_sourcePath);
        return await _registry!.RegisterAsync(new ModelVersionRegistration { ModelName = "bench", Flavor = "onnx", Artifact = artifact });
    }
}
