namespace ModelOps.Sdk.ProcessHost;

/// <summary>One command of the process host. Output goes to standard output line by line, so a test can wait for it.</summary>
internal interface IHostCommand
{
    /// <summary>Gets the name that selects the command (the first argument).</summary>
    string Name { get; }

    /// <summary>Gets the arguments the command takes, for the usage message.</summary>
    string Usage { get; }

    /// <summary>Gets how many arguments follow the name.</summary>
    int ArgumentCount { get; }

    /// <summary>Runs the command.</summary>
    /// <param name="arguments">The arguments after the name.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken);
}
