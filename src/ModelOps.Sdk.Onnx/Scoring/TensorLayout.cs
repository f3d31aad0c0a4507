namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>
/// How one row (one input object) maps onto a graph tensor: the shape of a single-row tensor, the number of elements per row,
/// and whether many rows can be stacked along a symbolic first dimension.
/// </summary>
internal sealed class TensorLayout
{
    private readonly int[] _dims;

    private TensorLayout(int[] dims, int rowLength, bool batchable)
    {
        _dims = dims;
        RowLength = rowLength;
        Batchable = batchable;
        SingleShape = rowLength < 0 ? [] : Shape(1, rowLength);
    }

    /// <summary>Gets the elements per row, or -1 when an array's length decides it (a symbolic inner dimension).</summary>
    public int RowLength { get; }

    /// <summary>Gets whether rows can be stacked along the first dimension (it is symbolic).</summary>
    public bool Batchable { get; }

    /// <summary>Gets the shape of a one-row tensor (empty when <see cref="RowLength"/> is -1: use <see cref="Shape"/>).</summary>
    public long[] SingleShape { get; }

    /// <summary>Describes the graph's dimensions for a scalar member, an array member, or a default feed (no member).</summary>
    /// <returns>The layout, or <see langword="null"/> with <paramref name="problem"/> set.</returns>
    public static TensorLayout? Describe(int[] dims, bool isArray, out string? problem)
    {
        problem = null;
        switch (dims.Length)
        {
            case 0:
                if (isArray)
                {
                    problem = "the tensor is a scalar but the member is an array";
                    return null;
                }

                return new TensorLayout(dims, 1, batchable: false);
            case 1:
                if (dims[0] < 0)
                {
                    // [-1]: one element per row for a scalar (rows stack), the whole tensor for an array.
                    return isArray ? new TensorLayout(dims, -1, batchable: false) : new TensorLayout(dims, 1, batchable: true);
                }

                if (!isArray && dims[0] != 1)
                {
                    problem = $"the tensor holds {dims[0]} elements but the member is a scalar";
                    return null;
                }

                return new TensorLayout(dims, dims[0], batchable: false);
            default:
                if (dims[0] > 1)
                {
                    problem = $"the tensor's first dimension is fixed at {dims[0]}, but one input object is one row (the dimension must be 1 or symbolic)";
                    return null;
                }

                var batchable = dims[0] < 0;
                var inner = dims.AsSpan(1);
                if (!isArray)
                {
                    foreach (var d in inner)
                    {
                        if (d > 1)
                        {
                            problem = $"the tensor holds [{string.Join(", ", dims)}] elements per row but the member is a scalar";
                            return null;
                        }
                    }

                    return new TensorLayout(dims, 1, batchable);
                }

                if (inner.ContainsAnyExceptInRange(0, int.MaxValue))
                {
                    if (dims.Length == 2)
                    {
                        // [?, -1]: the array's length is the row length; rows of different lengths cannot stack.
                        return new TensorLayout(dims, -1, batchable: false);
                    }

                    problem = $"the tensor's shape [{string.Join(", ", dims)}] has more than one dimension of free size";
                    return null;
                }

                var length = 1;
                foreach (var d in inner)
                {
                    length = checked(length * d);
                }

                return new TensorLayout(dims, length, batchable);
        }
    }

    /// <summary>The layout of a graph input no member provides: symbolic dimensions become 1 (rows stack when the first is symbolic).</summary>
    public static TensorLayout ForDefault(int[] dims)
    {
        var length = 1;
        for (var i = dims.Length >= 2 ? 1 : 0; i < dims.Length; i++)
        {
            length = checked(length * Math.Max(dims[i], 1));
        }

        if (dims.Length == 1 && dims[0] >= 0)
        {
            length = dims[0];
        }

        return new TensorLayout(dims, length, batchable: dims.Length >= 1 && dims[0] < 0);
    }

    /// <summary>The shape of a tensor holding <paramref name="rows"/> rows of <paramref name="rowLength"/> elements.</summary>
    public long[] Shape(int rows, int rowLength)
    {
        switch (_dims.Length)
        {
            case 0:
                return [];
            case 1:
                return [_dims[0] < 0 && RowLength == 1 ? rows : rowLength];
            default:
                var shape = new long[_dims.Length];
                shape[0] = rows;
                for (var i = 1; i < _dims.Length; i++)
                {
                    shape[i] = _dims[i] < 0 ? (_dims.Length == 2 ? rowLength : 1) : _dims[i];
                }

                return shape;
        }
    }
}
