namespace ModelOps.Sdk.AspNetCore.HealthChecks;

/// <summary>The tags <c>AddHealthChecks()</c> puts on the SDK's health checks, so a host can select them for its endpoints.</summary>
public static class ModelOpsHealthCheckTags
{
    /// <summary>On every check the SDK registers.</summary>
    public const string ModelOps = "modelops";

    /// <summary>
    /// On the checks that decide whether this instance can take traffic: the store (<c>modelops-store</c>) and the scorers
    /// (<c>modelops-scorers</c>). Not on the loops and monitors: a failed evaluation run or a drift alert says something about
    /// a model, and taking every instance out of the load balancer would not fix it.
    /// </summary>
    public const string Ready = "ready";
}
