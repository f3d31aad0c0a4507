using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace ModelOps.Sdk.Routing.Assignment;

/// <summary>
/// The stable hash behind sticky assignment: XxHash3 (System.IO.Hashing) of the entity key's UTF-8 bytes, seeded with the
/// XxHash3 of the salt's UTF-8 bytes, mapped to a point of [0, 1).
/// </summary>
/// <remarks>
/// Unlike <see cref="string.GetHashCode()"/>, which is randomized per process, XxHash3 over UTF-8 bytes gives the same value in
/// every thread, process, restart, machine and .NET version (and in any language with an XXH3 implementation:
/// <c>XXH3_64bits_withSeed(utf8(key), XXH3_64bits(utf8(salt)))</c>, top 53 bits divided by 2^53).
/// </remarks>
internal static class StickyHash
{
    private const int StackLimit = 256;

    /// <summary>The seed for a salt.</summary>
    public static long SeedOf(string salt) => unchecked((long)XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(salt)));

    /// <summary>The point of [0, 1) an entity key maps to under a salt's seed.</summary>
    public static double PointOf(long seed, string key)
    {
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(key, buffer);
            return ToUnitInterval(XxHash3.HashToUInt64(buffer[..length], seed));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The top 53 bits of a 64-bit value as a double in [0, 1): every value is exact and equally likely.</summary>
    public static double ToUnitInterval(ulong value) => (value >> 11) * (1.0 / (1UL << 53));
}
