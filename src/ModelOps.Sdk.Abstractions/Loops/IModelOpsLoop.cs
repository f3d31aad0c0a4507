namespace ModelOps.Sdk.Loops;

/// <summary>
/// A background loop of a ModelOps package, such as a monitor that follows an alias, rotates its windows and saves their reports.
/// </summary>
/// <remarks>
/// <para>Packages register their loops as <see cref="IModelOpsLoop"/> services. With ModelOps.Sdk.Hosting every registered loop
/// starts with the host, stops once every hosted service has stopped, and shows in <c>ModelOpsLoopsHealthCheck</c>; without a host,
/// call <see cref="StartAsync"/> and <see cref="StopAsync"/> yourself.</para>
/// <para>Implementations log through <c>ILogger</c>, keep <see cref="Status"/> current, and lose no work at stop (a monitor closes
/// and reports its last window).</para>
/// </remarks>
public interface IModelOpsLoop
{
    /// <summary>Gets the loop's name in logs and health, for example <c>monitor:credit@champion</c>.</summary>
    string Name { get; }

    /// <summary>Gets when the loop last ran, its last error and anything that needs attention.</summary>
    ModelOpsLoopStatus Status { get; }

    /// <summary>Starts the loop; completes once its first run has finished (successfully or not).</summary>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>A task that completes when the loop runs.</returns>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the loop after finishing the work in progress (a monitor reports its last window). Calling it twice is safe.</summary>
    /// <param name="cancellationToken">A token to abandon the remaining work.</param>
    /// <returns>A task that completes when the loop has stopped.</returns>
    Task StopAsync(CancellationToken cancellationToken);
}
