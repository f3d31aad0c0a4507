using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Routing.Assignment;

/// <summary>
/// The stable hash behind sticky assignment: XxHash3 (System.IO.Hashing) of the entity key's UTF-16 code units in little-endian
/// byte order, seeded with the XxHash3 of the salt's UTF-16LE bytes, mapped to a point of [0, 1).
/// </summary>
/// <remarks>
/// <para>
/// This is the stable definition, the same in every thread, process, restart, machine and .NET version, and reproducible in any
/// language with an XXH3 implementation:
/// <c>point = (XXH3_64bits_withSeed(utf16le(key), XXH3_64bits(utf16le(salt))) &gt;&gt; 11) / 2^53</c>, where <c>utf16le(s)</c> is
/// the string's UTF-16 code units, two bytes each, low byte first (what .NET strings hold, and <c>Encoding.Unicode.GetBytes</c>
/// returns), with no byte-order mark. Code units are hashed as they are, so unpaired surrogates are not replaced and distinct
/// strings stay distinct. Unlike <see cref="string.GetHashCode()"/>, which is randomized per process, it never changes.
/// </para>
/// <para>
/// On little-endian machines (x64, Arm64) the string's memory is hashed in place, with no transcoding or copy; on a big-endian
/// machine the code units are first copied in little-endian order, so the point is the same there.
/// </para>
/// </remarks>
internal static class StickyHash
{
    /// <summary>The seed for a salt: XXH3_64bits(utf16le(salt)).</summary>
    public static long SeedOf(string salt) => unchecked((long)Hash(salt, 0));

    /// <summary>The point of [0, 1) an entity key maps to under a salt's seed.</summary>
    public static double PointOf(long seed, string key) => ToUnitInterval(Hash(key, seed));

    /// <summary>The top 53 bits of a 64-bit value as a double in [0, 1): every value is exact and equally likely.</summary>
    public static double ToUnitInterval(ulong value) => (value >> 11) * (1.0 / (1UL << 53));

    /// <summary>XXH3_64bits_withSeed(utf16le(text), seed).</summary>
    internal static ulong Hash(string text, long seed) =>
        BitConverter.IsLittleEndian ? XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text.AsSpan()), seed) : HashLittleEndianCopy(text, seed);

    /// <summary>The same hash computed from an explicit little-endian copy of the code units (the big-endian path; tested on every machine).</summary>
    internal static ulong HashLittleEndianCopy(string text, long seed)
    {
        var length = text.Length * sizeof(char);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = rented.AsSpan(0, length);
            for (var i = 0; i < text.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes[(i * 2)..], text[i]);
            }

            return XxHash3.HashToUInt64(bytes, seed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
