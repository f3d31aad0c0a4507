namespace ModelOps.Sdk.Predictions;

/// <summary>
/// A prediction log: routed scorers, and plain scorers that opted in (<c>scorer.WithPredictionLog(sink)</c>), write every answer
/// to it; outcome recording reads the predicted value back by prediction id, and decision replay reads the logged input and output.
/// </summary>
/// <remarks>
/// <para>
/// Register one implementation in DI (for example <c>builder.AddJsonLinesPredictionLog(...)</c> of ModelOps.Sdk.Routing, or your
/// own <c>services.AddSingleton&lt;IPredictionLogSink, MySink&gt;()</c>) and every routed scorer created afterwards writes to it.
/// </para>
/// <para>
/// <see cref="TryWrite"/> is called on the caller's path, once per logged call: implementations must be thread-safe, must not
/// block or do I/O there (queue the record and write it elsewhere), and must drop rather than wait when they cannot keep up. The
/// record's <see cref="PredictionLogRecord.Input"/> and <see cref="PredictionLogRecord.Output"/> are the caller's objects: read
/// them (and remove personal data from what you keep) on your own writer thread, and say in your documentation that inputs and
/// outputs must not be changed after scoring.
/// </para>
/// </remarks>
public interface IPredictionLogSink
{
    /// <summary>Queues a prediction for writing, without blocking.</summary>
    /// <param name="record">The prediction.</param>
    /// <returns><see langword="true"/> if queued; <see langword="false"/> if dropped (the implementation counts drops).</returns>
    bool TryWrite(in PredictionLogRecord record);

    /// <summary>Waits until every record queued before the call has been written.</summary>
    /// <param name="cancellationToken">A token to stop waiting.</param>
    /// <returns>A task that completes when the records are written.</returns>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>Finds a logged prediction by its id, including records queued but not yet written.</summary>
    /// <param name="id">The prediction's id.</param>
    /// <param name="cancellationToken">A token to cancel the search.</param>
    /// <returns>The logged prediction (its input fields as logged, after redaction), or <see langword="null"/> if the log does not hold it.</returns>
    ValueTask<LoggedPrediction?> FindAsync(PredictionId id, CancellationToken cancellationToken = default);
}
