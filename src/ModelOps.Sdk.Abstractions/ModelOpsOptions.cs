using System.ComponentModel.DataAnnotations;

namespace ModelOps.Sdk;

/// <summary>
/// Settings of the model registry. Bind them from configuration (for example the <c>ModelOps</c> section of <c>appsettings.json</c>)
/// or set them in <c>AddModelOps(options =&gt; ...)</c>. They are validated when the registry is first resolved.
/// </summary>
public sealed class ModelOpsOptions
{
    /// <summary>The name of the configuration section these options bind from by convention.</summary>
    public const string SectionName = "ModelOps";

    /// <summary>
    /// Gets or sets how often the registry looks for changes made by other processes or instances. A process sees its own writes
    /// at once, and other processes' writes within this interval.
    /// </summary>
    /// <value>The default value is 1 second. It must be between 10 milliseconds and 1 hour.</value>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets the key that signs audit entries with HMAC-SHA256, as Base64 of at least 32 bytes. With a key, verification also
    /// detects a chain that was wholly recomputed by someone without the key.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: entries are hash-chained but not signed.</value>
    public string? AuditSigningKey { get; set; }

    /// <summary>
    /// Gets or sets whether the registry serves a model whose audit chain is broken, logging the break as an error, instead of refusing
    /// it with <see cref="AuditChainBrokenException"/>. The registry checks each journal entry's hash, its link to the entry before
    /// it, its index and (with <see cref="AuditSigningKey"/>) its signature as it loads and catches up; this setting only decides
    /// what happens when a check fails. Set it only if serving possibly tampered state is better for you than not serving at all.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: a broken chain is refused.</value>
    public bool ServeBrokenAuditChains { get; set; }

    /// <summary>
    /// Gets or sets this instance's id in everything it saves for the fleet to merge: its experiment statistics snapshots
    /// (ModelOps.Sdk.Routing, unless <c>ModelOps:Routing:InstanceId</c> is set) and its monitoring windows (ModelOps.Sdk.Monitoring).
    /// Letters, digits, <c>_</c> and <c>-</c>, at most 64; give each instance of a service a distinct id that is stable across
    /// restarts, or leave it unset for <see cref="DefaultInstanceId"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <see cref="DefaultInstanceId"/>.</value>
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", ErrorMessage = "ModelOps:InstanceId must be 1 to 64 letters, digits, '_' or '-', starting with a letter or digit.")]
    public string? InstanceId { get; set; }

    /// <summary>
    /// Gets the instance id used when <see cref="InstanceId"/> is not set: the machine name and the process id, with every character
    /// other than a letter, a digit, <c>_</c> and <c>-</c> replaced by <c>-</c> (and cut to 64 characters). It changes when the
    /// process restarts, so the fleet view counts a restarted process as another instance.
    /// </summary>
    public static string DefaultInstanceId { get; } = SafeInstanceId($"{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>Gets or sets the id recorded with each signature, so keys can be rotated.</summary>
    /// <value>The default value is <c>default</c>.</value>
    [Required(ErrorMessage = "ModelOps:AuditSigningKeyId is required.")]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "ModelOps:AuditSigningKeyId must be 1 to 64 letters, digits, '.', '_' or '-'.")]
    public string AuditSigningKeyId { get; set; } = "default";

    /// <summary>Gets or sets the largest document <see cref="IModelRegistry.AttachDocumentAsync"/> accepts, in bytes.</summary>
    /// <value>The default value is 16 MiB. It must be between 1 KiB and 1 GiB.</value>
    [Range(1024, 1024 * 1024 * 1024, ErrorMessage = "ModelOps:MaxDocumentBytes must be between {1} and {2}.")]
    public int MaxDocumentBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Gets or sets a directory where the registry keeps the latest anchor of every audit chain (a <c>FileSystemAuditAnchorSink</c>),
    /// so that dropping the last entries of the journal fails <see cref="IModelRegistry.VerifyAuditLogAsync"/>. Put it out of reach
    /// of whoever can write the store: another volume, other permissions, or a write-once mount.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no anchors are kept, unless a sink is registered with <c>UseAuditAnchorSink</c>.</value>
    public string? AuditAnchorDirectory { get; set; }

    /// <summary>
    /// Gets or sets how often anchors are written: after the change that makes a chain's length a multiple of this. With 1 every
    /// change is anchored; with N, up to N - 1 of the latest entries of a chain can be dropped without verification noticing.
    /// </summary>
    /// <value>The default value is 1. It must be between 1 and 1,000,000.</value>
    [Range(1, 1_000_000, ErrorMessage = "ModelOps:AuditAnchorEvery must be between {1} and {2}.")]
    public int AuditAnchorEvery { get; set; } = 1;

    /// <summary>
    /// Gets or sets how many entries a model's journal scope may grow past its last checkpoint before the registry writes a new one
    /// (a snapshot of the model's folded state, signed with <see cref="AuditSigningKey"/>), so that an instance that first uses the
    /// model folds only the entries after it. Checkpoints are written in the background, only over a store that keeps them
    /// (<c>IScopeCheckpointStore</c>, such as the filesystem store); a failure to write one is logged and costs nothing else.
    /// </summary>
    /// <value>The default value is 256. It must be between 1 and 1,000,000.</value>
    [Range(1, 1_000_000, ErrorMessage = "ModelOps:CheckpointEvery must be between {1} and {2}.")]
    public int CheckpointEvery { get; set; } = 256;

    // Write limits: every write becomes a journal line that every instance reads and folds, so free text is bounded when it is
    // written. They apply to new writes only; entries written before (or under larger limits) still load.

    /// <summary>Gets or sets the most tags a version may have, at registration and after <see cref="IModelRegistry.UpdateTagsAsync"/>.</summary>
    /// <value>The default value is 256. It must be between 1 and 100,000.</value>
    [Range(1, 100_000, ErrorMessage = "ModelOps:MaxTags must be between {1} and {2}.")]
    public int MaxTags { get; set; } = 256;

    /// <summary>Gets or sets the longest tag value, in characters.</summary>
    /// <value>The default value is 4,096. It must be between 1 and 1,048,576.</value>
    [Range(1, 1024 * 1024, ErrorMessage = "ModelOps:MaxTagValueLength must be between {1} and {2}.")]
    public int MaxTagValueLength { get; set; } = 4096;

    /// <summary>Gets or sets the most parameters a version may be registered with.</summary>
    /// <value>The default value is 1,024. It must be between 1 and 100,000.</value>
    [Range(1, 100_000, ErrorMessage = "ModelOps:MaxParameters must be between {1} and {2}.")]
    public int MaxParameters { get; set; } = 1024;

    /// <summary>Gets or sets the longest parameter value, in characters.</summary>
    /// <value>The default value is 4,096. It must be between 1 and 1,048,576.</value>
    [Range(1, 1024 * 1024, ErrorMessage = "ModelOps:MaxParameterValueLength must be between {1} and {2}.")]
    public int MaxParameterValueLength { get; set; } = 4096;

    /// <summary>Gets or sets the most metrics a version may be registered with.</summary>
    /// <value>The default value is 1,024. It must be between 1 and 100,000.</value>
    [Range(1, 100_000, ErrorMessage = "ModelOps:MaxMetrics must be between {1} and {2}.")]
    public int MaxMetrics { get; set; } = 1024;

    /// <summary>Gets or sets the longest reason a write may carry (alias moves, rollbacks, transitions, registrations...), in characters.</summary>
    /// <value>The default value is 4,096. It must be between 1 and 1,048,576.</value>
    [Range(1, 1024 * 1024, ErrorMessage = "ModelOps:MaxReasonLength must be between {1} and {2}.")]
    public int MaxReasonLength { get; set; } = 4096;

    /// <summary>Gets or sets the longest version description, in characters.</summary>
    /// <value>The default value is 65,536. It must be between 1 and 16,777,216.</value>
    [Range(1, 16 * 1024 * 1024, ErrorMessage = "ModelOps:MaxDescriptionLength must be between {1} and {2}.")]
    public int MaxDescriptionLength { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the longest input example (<see cref="ModelVersionRegistration.InputExample"/>), in characters.</summary>
    /// <value>The default value is 1,048,576. It must be between 1 and 16,777,216.</value>
    [Range(1, 16 * 1024 * 1024, ErrorMessage = "ModelOps:MaxInputExampleLength must be between {1} and {2}.")]
    public int MaxInputExampleLength { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets the longest lineage text (<see cref="ModelLineage.TrainingDataFingerprint"/>, <see cref="ModelLineage.SourceRevision"/>,
    /// <see cref="ModelLineage.CreatedBy"/>), in characters.
    /// </summary>
    /// <value>The default value is 4,096. It must be between 1 and 1,048,576.</value>
    [Range(1, 1024 * 1024, ErrorMessage = "ModelOps:MaxLineageValueLength must be between {1} and {2}.")]
    public int MaxLineageValueLength { get; set; } = 4096;

    /// <summary>
    /// Gets or sets how long an unreferenced blob or upload leftover is kept after it was last published or written, before garbage
    /// collection (<see cref="GarbageCollection.IArtifactCollector"/>) may delete it. It protects the blob of a registration that has
    /// uploaded but not yet appended its metadata: keep it well above the longest registration (upload, flavor check, gates) plus the
    /// clock skew between the processes and the store.
    /// </summary>
    /// <value>The default value is 1 day. It must be between 1 second and 365 days.</value>
    public TimeSpan ArtifactGracePeriod { get; set; } = TimeSpan.FromDays(1);

    private static string SafeInstanceId(string raw)
    {
        var id = new char[Math.Min(raw.Length, 64)];
        for (var i = 0; i < id.Length; i++)
        {
            var c = raw[i];
            id[i] = char.IsAsciiLetterOrDigit(c) || (i > 0 && c is '_' or '-') ? c : i == 0 ? 'x' : '-';
        }

        return new string(id);
    }
}
