namespace ModelOps.Sdk.Cli.Errors;

/// <summary>A command line, configuration value or input file the tool cannot use; reported with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public CliUsageException()
    {
    }
}
