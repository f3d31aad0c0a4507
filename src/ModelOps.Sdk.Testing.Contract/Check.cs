using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ModelOps.Sdk.Testing;

/// <summary>
/// The assertions the contract checks use, free of any test framework: each throws <see cref="ContractCheckFailedException"/> with
/// what was expected and what the provider did, and the check that called it adds the rule.
/// </summary>
internal static class Check
{
    public static void True(bool condition, string? message = null)
    {
        if (!condition)
        {
            throw new ContractCheckFailedException(message ?? "Expected true, got false.");
        }
    }

    public static void False(bool condition, string? message = null)
    {
        if (condition)
        {
            throw new ContractCheckFailedException(message ?? "Expected false, got true.");
        }
    }

    public static void Equal<T>(T expected, T actual)
    {
        if (expected is IEnumerable expectedItems and not string && actual is IEnumerable actualItems and not string)
        {
            SequenceEqual(expectedItems.Cast<object?>(), actualItems.Cast<object?>());
            return;
        }

        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new ContractCheckFailedException($"Expected {Show(expected)}, got {Show(actual)}.");
        }
    }

    public static void Equal<T>(IEnumerable<T>? expected, IEnumerable<T>? actual)
    {
        if (expected is null || actual is null)
        {
            Equal<object?>(expected, actual);
            return;
        }

        SequenceEqual(expected.Cast<object?>(), actual.Cast<object?>());
    }

    public static void NotEqual<T>(T notExpected, T actual)
    {
        if (EqualityComparer<T>.Default.Equals(notExpected, actual))
        {
            throw new ContractCheckFailedException($"Expected anything but {Show(notExpected)}.");
        }
    }

    public static void Null(object? value)
    {
        if (value is not null)
        {
            throw new ContractCheckFailedException($"Expected nothing (null), got {Show(value)}.");
        }
    }

    public static T NotNull<T>([NotNull] T? value)
        where T : class
    {
        return value ?? throw new ContractCheckFailedException("Expected a value, got null.");
    }

    public static T NotNull<T>([NotNull] T? value)
        where T : struct
    {
        return value ?? throw new ContractCheckFailedException("Expected a value, got null.");
    }

    public static void Empty(IEnumerable items)
    {
        var list = items.Cast<object?>().ToList();
        if (list.Count != 0)
        {
            throw new ContractCheckFailedException($"Expected nothing, got {list.Count} item(s): {Show(list)}.");
        }
    }

    public static T Single<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : throw new ContractCheckFailedException($"Expected exactly one item, got {list.Count}: {Show(list)}.");
    }

    public static T Single<T>(IEnumerable<T> items, Func<T, bool> predicate)
    {
        var list = items.Where(predicate).ToList();
        return list.Count == 1 ? list[0] : throw new ContractCheckFailedException($"Expected exactly one matching item, got {list.Count}: {Show(list)}.");
    }

    public static void All<T>(IEnumerable<T> items, Action<T> check)
    {
        var index = 0;
        foreach (var item in items)
        {
            try
            {
                check(item);
            }
            catch (ContractCheckFailedException ex)
            {
                throw new ContractCheckFailedException($"Item {index}: {ex.Message}");
            }

            index++;
        }
    }

    public static void Contains(string expectedSubstring, string? actual, StringComparison comparison)
    {
        if (actual is null || !actual.Contains(expectedSubstring, comparison))
        {
            throw new ContractCheckFailedException($"Expected text containing {Show(expectedSubstring)}, got {Show(actual)}.");
        }
    }

    public static void DoesNotContain<T>(IEnumerable<T> items, Func<T, bool> predicate)
    {
        var found = items.Where(predicate).ToList();
        if (found.Count != 0)
        {
            throw new ContractCheckFailedException($"Expected no matching item, got {found.Count}: {Show(found)}.");
        }
    }

    public static void InRange<T>(T actual, T low, T high)
        where T : IComparable<T>
    {
        if (actual.CompareTo(low) < 0 || actual.CompareTo(high) > 0)
        {
            throw new ContractCheckFailedException($"Expected a value in [{low}, {high}], got {actual}.");
        }
    }

    [DoesNotReturn]
    public static void Fail(string message) => throw new ContractCheckFailedException(message);

    /// <summary>Expects exactly <typeparamref name="T"/>, not a subclass.</summary>
    public static async Task<T> ThrowsAsync<T>(Func<Task> action)
        where T : Exception
    {
        var thrown = await CatchAsync(action);
        return thrown?.GetType() == typeof(T)
            ? (T)thrown
            : throw new ContractCheckFailedException($"Expected {typeof(T).Name}, got {Describe(thrown)}.", thrown);
    }

    /// <summary>Expects <typeparamref name="T"/> or a subclass.</summary>
    public static async Task<T> ThrowsAnyAsync<T>(Func<Task> action)
        where T : Exception
    {
        var thrown = await CatchAsync(action);
        return thrown as T ?? throw new ContractCheckFailedException($"Expected {typeof(T).Name} or a subclass, got {Describe(thrown)}.", thrown);
    }

    private static async Task<Exception?> CatchAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static string Describe(Exception? thrown) => thrown is null ? "no exception" : $"{thrown.GetType().Name} ({thrown.Message})";

    private static void SequenceEqual(IEnumerable<object?> expected, IEnumerable<object?> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
        {
            if (!Equals(e[i], a[i]))
            {
                throw new ContractCheckFailedException($"Item {i} differs: expected {Show(e[i])}, got {Show(a[i])}. Expected {Show(e)}, got {Show(a)}.");
            }
        }

        if (e.Count != a.Count)
        {
            throw new ContractCheckFailedException($"Expected {e.Count} item(s), got {a.Count}. Expected {Show(e)}, got {Show(a)}.");
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => s.Length > 200 ? $"\"{s[..200]}...\" ({s.Length} chars)" : $"\"{s}\"",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Take(20).Select(Show)) + (items.Cast<object?>().Skip(20).Any() ? ", ..." : string.Empty) + "]",
        _ => value.ToString() ?? value.GetType().Name,
    };
}
