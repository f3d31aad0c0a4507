namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>Creates <see cref="MonitoringSchema{TInput, TOutput}"/> instances.</summary>
public static class MonitoringSchema
{
    /// <summary>
    /// Creates a schema that monitors every public readable instance property of <typeparamref name="TInput"/> (as input features)
    /// and of <typeparamref name="TOutput"/> (as predictions) whose type is a number, a string, an enum or a boolean, or their
    /// nullable forms; other properties are skipped. Names are the property names. Each property is read by a delegate compiled once.
    /// </summary>
    /// <typeparam name="TInput">The model's input row type.</typeparam>
    /// <typeparam name="TOutput">The model's output type.</typeparam>
    /// <returns>The schema.</returns>
    /// <exception cref="ArgumentException">No property of either type can be monitored.</exception>
    public static MonitoringSchema<TInput, TOutput> FromProperties<TInput, TOutput>() =>
        new MonitoringSchemaBuilder<TInput, TOutput>().AddInputProperties().AddPredictionProperties().Build();
}
