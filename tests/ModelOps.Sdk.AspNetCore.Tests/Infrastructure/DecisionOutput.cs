namespace ModelOps.Sdk.AspNetCore.Tests.Infrastructure;

/// <summary>The output of the one-field rules table of the tests.</summary>
public sealed class DecisionOutput
{
    public string Decision { get; set; } = string.Empty;
}
