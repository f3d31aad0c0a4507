namespace ModelOps.Sdk.Tests.Processes;

/// <summary>
/// The xunit collection of tests that start <c>ModelOps.Sdk.ProcessHost</c> child processes: they run one at a time, so that several
/// such tests do not starve each other (and the children) of cores. Put <c>[Collection(ProcessTestsDefinition.Name)]</c> on such a class.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestsDefinition
{
    public const string Name = "Process tests";
}
