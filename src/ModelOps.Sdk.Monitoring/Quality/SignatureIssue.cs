namespace ModelOps.Sdk.Monitoring.Quality;

/// <summary>A difference between what a monitoring schema reads and a model version's signature.</summary>
/// <param name="Field">The signature field or monitored feature concerned.</param>
/// <param name="Problem">What does not match, for example <c>the signature says float32[1,4], the schema reads one number</c>.</param>
public sealed record SignatureIssue(string Field, string Problem);
