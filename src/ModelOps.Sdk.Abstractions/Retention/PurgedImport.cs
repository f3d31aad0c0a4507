namespace ModelOps.Sdk;

/// <summary>
/// A version that was purged in the registry it is imported from: it is registered as metadata only, with the source's artifact
/// records (hashes and lengths, so the metadata stays what the source's audit chain says), and purged in the same atomic append
/// (<see cref="ModelVersionRegistration.PurgedImport"/>). Its bytes were never copied and are never served.
/// </summary>
/// <param name="Artifact">The source's record of the main artifact.</param>
/// <param name="ExtraFiles">The source's records of the extra files.</param>
/// <param name="Purge">When, by whom and why the source purged it.</param>
public sealed record PurgedImport(ArtifactFile Artifact, IReadOnlyList<ArtifactFile> ExtraFiles, PurgeRecord Purge);
