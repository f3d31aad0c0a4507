using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelOps.Sdk.Onnx.Scoring;

/// <summary>The per-context tensor a one-row run writes an output into: a pinned buffer and its value.</summary>
internal sealed class OutputSlot(OrtValue value, Array buffer) : IDisposable
{
    public OrtValue Value { get; } = value;

    public Array Buffer { get; } = buffer;

    public void Dispose() => Value.Dispose();
}

/// <summary>Reads one graph output into a member of the output object.</summary>
/// <typeparam name="TOutput">The output type.</typeparam>
internal abstract class OutputRead<TOutput>(string tensorName, int[] dims)
    where TOutput : class
{
    public string TensorName { get; } = tensorName;

    /// <summary>Gets the elements per row when the shape tells (every dimension but the first is fixed), else -1.</summary>
    public int RowLength { get; } = RowLengthOf(dims);

    /// <summary>Gets whether rows stack along the output's first dimension (it is symbolic).</summary>
    public bool Batchable { get; } = dims.Length >= 1 && dims[0] < 0;

    /// <summary>Gets whether a one-row run can write into a pinned buffer created in advance.</summary>
    public virtual bool CanPreallocate => RowLength >= 0;

    protected long[] SingleShape { get; } = dims.Select((d, i) => d < 0 ? 1L : d).ToArray();

    public abstract OutputSlot CreateSlot();

    /// <summary>Reads the output of a one-row run from its pinned buffer.</summary>
    public abstract void ReadSlot(TOutput output, OutputSlot slot);

    /// <summary>Reads row <paramref name="row"/> of <paramref name="rows"/> from a tensor ONNX Runtime allocated.</summary>
    public abstract void Read(TOutput output, OrtValue value, int row, int rows);

    private static int RowLengthOf(int[] dims)
    {
        var length = 1;
        for (var i = dims.Length >= 2 ? 1 : 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                // A symbolic first dimension of a rank-1 output is the batch; any other free dimension leaves the length unknown.
                if (dims.Length == 1)
                {
                    return 1;
                }

                return -1;
            }

            length = checked(length * dims[i]);
        }

        return dims.Length == 1 ? dims[0] : length;
    }
}

/// <summary>A numeric output into a scalar member (the row's first element) or an array member (the row).</summary>
internal sealed class NumericRead<TOutput, T>(string tensorName, int[] dims, Action<TOutput, T>? scalarSetter, Action<TOutput, T[]>? arraySetter)
    : OutputRead<TOutput>(tensorName, dims)
    where TOutput : class
    where T : unmanaged
{
    public override OutputSlot CreateSlot()
    {
        var buffer = GC.AllocateArray<T>(Math.Max(RowLength, 1), pinned: true);
        return new OutputSlot(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<T>(buffer), SingleShape), buffer);
    }

    public override void ReadSlot(TOutput output, OutputSlot slot) => Set(output, Unsafe.As<T[]>(slot.Buffer));

    public override void Read(TOutput output, OrtValue value, int row, int rows)
    {
        var data = value.GetTensorDataAsSpan<T>();
        var length = data.Length / rows;
        Set(output, data.Slice(row * length, length));
    }

    private void Set(TOutput output, ReadOnlySpan<T> row)
    {
        if (scalarSetter is not null)
        {
            scalarSetter(output, row.Length == 0 ? default : row[0]);
        }
        else
        {
            arraySetter!(output, row.ToArray());
        }
    }
}

/// <summary>A string output into a string or string array member; always read from a tensor ONNX Runtime allocated.</summary>
internal sealed class StringRead<TOutput>(string tensorName, int[] dims, Action<TOutput, string>? scalarSetter, Action<TOutput, string[]>? arraySetter)
    : OutputRead<TOutput>(tensorName, dims)
    where TOutput : class
{
    public override bool CanPreallocate => false;

    public override OutputSlot CreateSlot() => throw new InvalidOperationException("String outputs are allocated by ONNX Runtime.");

    public override void ReadSlot(TOutput output, OutputSlot slot) => throw new InvalidOperationException("String outputs are allocated by ONNX Runtime.");

    public override void Read(TOutput output, OrtValue value, int row, int rows)
    {
        var count = checked((int)value.GetTensorTypeAndShape().ElementCount);
        var length = count / rows;
        if (scalarSetter is not null)
        {
            scalarSetter(output, length == 0 ? string.Empty : value.GetStringElement(row * length));
            return;
        }

        var strings = new string[length];
        for (var j = 0; j < length; j++)
        {
            strings[j] = value.GetStringElement((row * length) + j);
        }

        arraySetter!(output, strings);
    }
}
