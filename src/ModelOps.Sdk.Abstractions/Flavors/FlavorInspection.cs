namespace ModelOps.Sdk.Flavors;

/// <summary>
/// What a flavor learned about an artifact at registration.
/// </summary>
/// <param name="Signature">The input and output signature read from the artifact.</param>
public sealed record FlavorInspection(ModelSignature Signature);
