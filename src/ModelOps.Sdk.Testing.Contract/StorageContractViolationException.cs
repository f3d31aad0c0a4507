namespace ModelOps.Sdk.Testing;

/// <summary>
/// Thrown by a <see cref="StorageProviderContract"/> check when the storage provider under test breaks a rule of the storage contract.
/// </summary>
/// <remarks>
/// <see cref="Check"/> names the check (the method of <see cref="StorageProviderContract"/>), <see cref="Rule"/> states the rule as
/// docs/storage-providers.md does, and the message adds what the provider did instead. An exception the provider threw where none
/// was expected is the <see cref="Exception.InnerException"/>.
/// </remarks>
public sealed class StorageContractViolationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="StorageContractViolationException"/> class.</summary>
    public StorageContractViolationException()
        : this("(unknown)", "(unknown)", "The storage contract was broken.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StorageContractViolationException"/> class.</summary>
    /// <param name="message">The message.</param>
    public StorageContractViolationException(string message)
        : this("(unknown)", "(unknown)", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StorageContractViolationException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused the failure.</param>
    public StorageContractViolationException(string message, Exception? innerException)
        : this("(unknown)", "(unknown)", message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StorageContractViolationException"/> class.</summary>
    /// <param name="check">The name of the check that failed.</param>
    /// <param name="rule">The rule the provider broke.</param>
    /// <param name="detail">What the provider did instead.</param>
    /// <param name="innerException">The exception that caused the failure, or <see langword="null"/>.</param>
    public StorageContractViolationException(string check, string rule, string detail, Exception? innerException = null)
        : base($"Storage contract rule broken ({check}): {rule} {detail}", innerException)
    {
        Check = check;
        Rule = rule;
        Detail = detail;
    }

    /// <summary>Gets the name of the check that failed, a method of <see cref="StorageProviderContract"/>.</summary>
    public string Check { get; }

    /// <summary>Gets the rule the provider broke.</summary>
    public string Rule { get; }

    /// <summary>Gets what the provider did instead.</summary>
    public string Detail { get; }
}
