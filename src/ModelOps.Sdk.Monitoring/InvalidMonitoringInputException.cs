namespace ModelOps.Sdk.Monitoring;

/// <summary>
/// Thrown when a monitoring calculation is given input it cannot use: an empty sample, a NaN or infinite value, a negative
/// count, count arrays of different lengths, or a threshold outside its range. Nothing is computed or stored.
/// </summary>
/// <remarks>The message and <see cref="Parameter"/> name the argument at fault.</remarks>
public sealed class InvalidMonitoringInputException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidMonitoringInputException"/> class.</summary>
    /// <param name="parameter">The argument, field or feature at fault.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidMonitoringInputException(string parameter, string problem)
        : base($"Monitoring input '{parameter}' is invalid: {problem}.")
    {
        Parameter = parameter;
    }

    /// <summary>Gets the argument, field or feature at fault.</summary>
    public string Parameter { get; }
}
