using FsCheck;
using FsCheck.Fluent;

namespace ModelOps.Sdk.PostgreSql.Tests.Storage;

/// <summary>
/// Texts for journal fields: FsCheck's strings (any UTF-16, SQL metacharacters included) plus hand-picked hostile SQL, without
/// NUL (PostgreSQL <c>text</c> cannot hold it, and the registry never produces it: payloads are escaped JSON) and without lone
/// surrogates (not valid UTF-8, so no UTF-8 database can keep them).
/// </summary>
public sealed record JournalText(string Scope, string Kind, string Payload, int OffsetMinutes, long Ticks)
{
    public static Arbitrary<JournalText> Arbitrary()
    {
        var text = Gen.OneOf(
                ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
                Gen.Elements(PostgreSqlSecurityTests.Hostile))
            .Where(s => !s.Contains('\0', StringComparison.Ordinal) && IsWellFormed(s));
        return text.SelectMany(scope => text.SelectMany(kind => text.SelectMany(payload =>
                Gen.Choose(-14 * 60, 14 * 60).SelectMany(offset => Gen.Choose(0, int.MaxValue).Select(ticks =>
                    new JournalText(scope, kind, payload, offset, ticks))))))
            .ToArbitrary();
    }

    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
