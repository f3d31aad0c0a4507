namespace ModelOps.Sdk.Flavors;

/// <summary>Reads a version's artifact and extra files through the registry's verifying streams into a <see cref="ModelArtifact"/>.</summary>
internal static class ModelArtifactReader
{
    public static async Task<ModelArtifact> ReadAsync(IModelRegistry registry, ModelVersion version, CancellationToken cancellationToken)
    {
        var content = await ReadAllAsync(await registry.OpenArtifactAsync(version.ModelName, version.Version, cancellationToken).ConfigureAwait(false), version.Artifact.Length, cancellationToken).ConfigureAwait(false);
        var extra = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var file in version.ExtraFiles)
        {
            var stream = await registry.OpenExtraFileAsync(version.ModelName, version.Version, file.Name, cancellationToken).ConfigureAwait(false);
            extra[file.Name] = await ReadAllAsync(stream, file.Length, cancellationToken).ConfigureAwait(false);
        }

        return new ModelArtifact(version.ModelName, version.Flavor, version.Artifact.Sha256, content, extra, version);
    }

    /// <summary>Reads a verifying stream to its end (which is when it checks the hash) into one array.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            if (length > Array.MaxLength)
            {
                throw new NotSupportedException($"An artifact of {length} bytes is larger than a flavor can be handed in memory ({Array.MaxLength} bytes).");
            }

            var buffer = new byte[length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            // One more read reaches the end, where the verifying stream checks the length and the hash.
            var probe = new byte[1];
            if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) != 0 || read != buffer.Length)
            {
                throw new InvalidDataException($"The stored content is not {length} bytes long.");
            }

            return buffer;
        }
    }
}
