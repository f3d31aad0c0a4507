namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>The data of <see cref="StreamingMonitor{TInput, TOutput}.WindowClosed"/>.</summary>
public sealed class MonitorWindowEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="MonitorWindowEventArgs"/> class.</summary>
    /// <param name="window">The window that closed.</param>
    public MonitorWindowEventArgs(MonitorWindow window)
    {
        Window = window ?? throw new ArgumentNullException(nameof(window));
    }

    /// <summary>Gets the window that closed.</summary>
    public MonitorWindow Window { get; }
}
