using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Schema;

/// <summary>One field a <see cref="MonitoringSchema{TInput, TOutput}"/> monitors.</summary>
/// <param name="Name">The feature's name in profiles and reports.</param>
/// <param name="Kind">How it is profiled.</param>
/// <param name="ClrType">The .NET type it is read from, for example <c>Double</c>, <c>String</c> or an enum's name.</param>
public sealed record MonitoredField(string Name, FeatureKind Kind, string ClrType);
