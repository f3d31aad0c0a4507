namespace ModelOps.Sdk.Monitoring.MLNet.DataViews;

/// <summary>
/// The monitored values of one data-view row, as a <see cref="DataViewMonitoringSchema"/> read them: the row type of its
/// <see cref="DataViewMonitoringSchema.Schema"/>, so a <see cref="Monitors.StreamingMonitor{TInput, TOutput}"/> can be built over
/// data-view rows. Numbers are stored as <see cref="double"/> (NaN when missing), booleans as 0 or 1, text and keys as strings
/// (<see langword="null"/> when missing).
/// </summary>
/// <remarks>Obtain rows with <see cref="DataViewMonitoringSchema.ReadRows"/>; a row is a snapshot and is never changed afterwards.</remarks>
public sealed class DataViewValues
{
    internal DataViewValues(int numbers, int texts)
    {
        Numbers = new double[numbers];
        Texts = new string?[texts];
    }

    internal double[] Numbers { get; }

    internal string?[] Texts { get; }
}
