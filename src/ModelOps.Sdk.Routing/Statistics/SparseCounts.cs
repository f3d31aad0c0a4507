namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>Adding and densifying the sparse bin counts the mergeable statistics serialize.</summary>
internal static class SparseCounts
{
    public static Dictionary<int, long> Add(IReadOnlyDictionary<int, long> a, IReadOnlyDictionary<int, long> b)
    {
        var sum = new Dictionary<int, long>(a);
        foreach (var (index, count) in b)
        {
            sum[index] = sum.GetValueOrDefault(index) + count;
        }

        return sum;
    }

    public static Dictionary<int, long> FromDense(long[] counts)
    {
        var sparse = new Dictionary<int, long>();
        for (var i = 0; i < counts.Length; i++)
        {
            var count = Volatile.Read(ref counts[i]);
            if (count != 0)
            {
                sparse[i] = count;
            }
        }

        return sparse;
    }
}
