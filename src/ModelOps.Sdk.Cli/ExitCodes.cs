namespace ModelOps.Sdk.Cli;

/// <summary>
/// The process exit codes of <c>modelops</c>, one per outcome a pipeline can act on (documented in docs/cli.md; never renumber).
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Anything else: an unexpected error, a store that cannot be read, a flavor that cannot load an artifact.</summary>
    public const int Error = 1;

    /// <summary>The command line, a configuration value or an input file is wrong (unknown option, missing argument, bad JSON, invalid name, invalid promotion policy).</summary>
    public const int Usage = 2;

    /// <summary>The promotion gates were evaluated and at least one failed (<c>gates evaluate</c>, or an approval refused by its gates).</summary>
    public const int GatesFailed = 3;

    /// <summary>Stored or received bytes do not match their hashes, or the audit chain does not verify (or a bundle was altered).</summary>
    public const int IntegrityFailure = 4;

    /// <summary>A governance rule or the authorization refused the change (separation of duties, missing role, protected alias...).</summary>
    public const int Refused = 5;

    /// <summary>The model, version or alias does not exist.</summary>
    public const int NotFound = 6;

    /// <summary>The registry's state does not allow the change: an alias was not at the expected version, a status change is not allowed, nothing to roll back to.</summary>
    public const int Conflict = 7;

    /// <summary>The store (PostgreSQL, S3) could not be reached within its timeouts and retries: a transient fault, try again later.</summary>
    public const int StorageUnavailable = 8;

    /// <summary><c>decisions replay</c>: the version that made the decision gives a different output for the logged input (a reproducibility failure).</summary>
    public const int DecisionNotReproduced = 9;

    /// <summary><c>decisions replay</c>: the logged decision cannot be replayed (its input was redacted, or the log holds no output, or the flavor cannot score JSON).</summary>
    public const int DecisionNotReplayable = 10;

    /// <summary><c>gc</c>: the artifact store cannot list and delete its content, so it cannot be garbage collected; nothing was deleted.</summary>
    public const int NotCollectable = 11;
}
