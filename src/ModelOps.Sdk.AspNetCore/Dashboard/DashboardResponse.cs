namespace ModelOps.Sdk.AspNetCore.Dashboard;

/// <summary>A generated page or JSON document, with the registry sequence and the time it was generated at, for reuse.</summary>
/// <param name="Sequence">The registry-wide sequence the content was read at.</param>
/// <param name="GeneratedAt">When it was generated (the injected <see cref="TimeProvider"/>).</param>
/// <param name="Body">The UTF-8 body.</param>
/// <param name="ContentType">The media type with its charset.</param>
internal sealed record DashboardResponse(long? Sequence, DateTimeOffset GeneratedAt, byte[] Body, string ContentType);
