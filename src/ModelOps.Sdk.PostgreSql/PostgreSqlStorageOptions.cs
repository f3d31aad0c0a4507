using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.PostgreSql;

/// <summary>
/// Settings of the PostgreSQL metadata store (<see cref="PostgreSqlMetadataStore"/>). Set them with
/// <c>builder.UsePostgreSql(options =&gt; ...)</c> or bind them from configuration, for example the <c>ModelOps:PostgreSql</c> section
/// of <c>appsettings.json</c>.
/// </summary>
/// <remarks>
/// The options are validated when the store is first resolved (and at host start when there is a host); every problem is reported
/// at once, naming the option and its value (except the connection string, which may hold a password and is never echoed).
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
public sealed class PostgreSqlStorageOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:PostgreSql</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "PostgreSql";

    /// <summary>
    /// Gets or sets the Npgsql connection string, used when no <c>NpgsqlDataSource</c> is passed to <c>UsePostgreSql</c>.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>. Required unless a data source is given. Keep the password out of source control
    /// (user secrets, an environment variable, a key vault); the store never writes the connection string to logs, exceptions or the
    /// audit log. Do not enable multiplexing: change notifications need a dedicated connection (<c>LISTEN</c>).
    /// </value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the database schema that holds the store's tables; several registries can share a database under different schemas.</summary>
    /// <value>
    /// The default value is <c>modelops</c>. It must start with a lowercase letter or an underscore, continue with lowercase letters,
    /// digits or underscores, and be at most 48 characters long (it becomes part of identifiers and of the notification channel name).
    /// </value>
    public string Schema { get; set; } = "modelops";

    /// <summary>
    /// Gets or sets a value indicating whether the store creates or upgrades its schema when first used. When <see langword="false"/>,
    /// run <see cref="PostgreSqlMetadataStore.MigrateAsync"/> yourself (for example from a deployment job with a more privileged
    /// role); the store then refuses to work on a schema older than the library with a <see cref="StorageFormatException"/>.
    /// </summary>
    /// <value>The default value is <see langword="true"/>. A schema newer than the library is refused either way.</value>
    public bool ApplyMigrationsOnStart { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether journal entries are stamped from the database server's clock (<c>clock_timestamp()</c>),
    /// so that every instance of a fleet records times from one clock even when the machines' clocks disagree.
    /// </summary>
    /// <value>
    /// The default value is <see langword="true"/>. With <see langword="false"/> each registry stamps entries from its own
    /// <see cref="TimeProvider"/> (useful in tests that drive a fake clock).
    /// </value>
    public bool UseDatabaseClock { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the store listens for other instances' commits with <c>LISTEN</c>/<c>NOTIFY</c>, so
    /// their changes reach this instance within the notification delay instead of the next poll.
    /// </summary>
    /// <value>
    /// The default value is <see langword="true"/>. It holds one connection of the data source open per store. While that connection
    /// is down, the registry's polling every <c>ModelOpsOptions.ChangePollInterval</c> is the fallback, and nothing is missed.
    /// </value>
    public bool EnableChangeNotifications { get; set; } = true;

    /// <summary>Gets or sets how long the notification listener waits before reconnecting after its connection dropped.</summary>
    /// <value>The default value is 1 second. It must be greater than zero and at most 5 minutes.</value>
    public TimeSpan NotificationReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how long one attempt of a store operation (one transaction or one page of a read) may take before it is cancelled
    /// and counted as a transient fault. It also bounds how long a stalled client can hold the journal's append lock.
    /// </summary>
    /// <value>The default value is 30 seconds. It must be at least 1 second and at most 1 hour.</value>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many times an operation that failed with a transient fault (connection refused or broken, timeout, server
    /// shutting down, serialization failure, deadlock) is retried before <see cref="StorageUnavailableException"/> is thrown.
    /// </summary>
    /// <value>The default value is 3. It must be between 0 (no retries) and 20.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later retries back off exponentially, with jitter.</summary>
    /// <value>The default value is 200 milliseconds. It must be greater than zero and at most 1 minute.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
