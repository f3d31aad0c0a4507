namespace ModelOps.Sdk;

/// <summary>
/// A stored, content-addressed file that belongs to a model version: its main artifact or one of its extra files.
/// </summary>
/// <param name="Name">The file's name within the version (the main artifact is named <c>model</c>).</param>
/// <param name="Sha256">The lowercase hexadecimal SHA-256 of the content; the content's address in the artifact store.</param>
/// <param name="Length">The content's length in bytes.</param>
public sealed record ArtifactFile(string Name, string Sha256, long Length);
