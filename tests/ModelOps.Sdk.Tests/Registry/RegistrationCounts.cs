using FsCheck;
using FsCheck.Fluent;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>How many versions each of three concurrent writers registers: two child processes and the test process.</summary>
/// <remarks>Kept small (1 to 8 each), since every case starts two processes; there is no shrinker, for the same reason.</remarks>
public sealed record RegistrationCounts(int First, int Second, int ThisProcess)
{
    public int Total => First + Second + ThisProcess;

    /// <summary>The FsCheck arbitrary: pass <c>Arbitrary = [typeof(RegistrationCounts)]</c> to <c>[Property]</c>.</summary>
    /// <returns>Counts from 1 to 8 for each writer.</returns>
    public static Arbitrary<RegistrationCounts> Arbitrary()
    {
        Gen<int> count = Gen.Choose(1, 8);
        return count.SelectMany(first => count.SelectMany(second => count.Select(self => new RegistrationCounts(first, second, self))))
            .ToArbitrary();
    }
}
