namespace ModelOps.Sdk.AspNetCore.Tests.Infrastructure;

/// <summary>The input of the one-field rules table of the tests; <see cref="Country"/> left null is an invalid input.</summary>
public sealed class CountryInput
{
    public string? Country { get; init; }
}
